using System.Globalization;

namespace ServiceManagement.PowerShell;

/// <summary>
/// Binds a duration as users type it: <c>-Timeout 30s</c> reaches the cmdlet as the number 30, since PowerShell
/// reads <c>30s</c> as a short integer literal (the <c>s</c> suffix), so a number is that many seconds; text is
/// parsed as a configuration file's durations are (<c>1h30m</c>, <c>500ms</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null or Duration => value,
            sbyte or byte or short or ushort or int or uint or long => Duration.FromSeconds(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            string text => Duration.TryParse(text, out var duration, out var error) ? duration : throw new ArgumentTransformationMetadataException(error),
            _ => value,
        };
    }
}
