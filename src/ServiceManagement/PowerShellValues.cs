using System.Collections;
using System.Management.Automation;

namespace ServiceManagement.PowerShell;

/// <summary>Bound parameters as the engine takes them: plain .NET values, without PowerShell's wrappers.</summary>
internal static class PowerShellValues
{
    internal static IReadOnlyDictionary<string, object?> Bound(PSCmdlet cmdlet) =>
        cmdlet.MyInvocation.BoundParameters.ToDictionary(p => p.Key, p => Unwrap(p.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>PSObject wrappers removed at every depth, so that hashtables of hashtables reach the engine as dictionaries.</summary>
    private static object? Unwrap(object? value) => value switch
    {
        PSObject wrapped => Unwrap(wrapped.BaseObject),
        SwitchParameter flag => flag.IsPresent,
        string text => text,
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Unwrap(k)!, k => Unwrap(map[k])),
        IEnumerable items => items.Cast<object?>().Select(Unwrap).ToList(),
        _ => value,
    };
}
