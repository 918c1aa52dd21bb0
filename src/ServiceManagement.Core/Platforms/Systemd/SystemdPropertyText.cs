using System.Globalization;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// Unit properties as D-Bus gives them, written as <c>systemctl show --timestamp=unix</c> prints them, so that
/// <see cref="SystemdStatus.ToStatus"/> reads both paths alike: realtime microseconds as "@seconds", monotonic
/// ones as "Nus", UINT64_MAX (systemd's "not set") as "[not set]" or, for a time, empty, as systemctl does.
/// </summary>
internal static class SystemdPropertyText
{
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<(string Name, object Value)> properties)
    {
        var wanted = new HashSet<string>(SystemdStatus.Properties, StringComparer.Ordinal);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (wanted.Contains(name) && Text(name, value) is { } written)
            {
                text[name] = written;
            }
        }

        return text;
    }

    private static string? Text(string name, object value) => value switch
    {
        string text => text,
        bool flag => flag ? "yes" : "no",
        ulong time when IsRealtime(name) => time is 0 or ulong.MaxValue ? string.Empty : "@" + (time / 1_000_000).ToString(CultureInfo.InvariantCulture),
        ulong time when name.EndsWith("Monotonic", StringComparison.Ordinal) => time is 0 or ulong.MaxValue ? string.Empty : time.ToString(CultureInfo.InvariantCulture) + "us",
        ulong.MaxValue => "[not set]",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool IsRealtime(string name) =>
        name.EndsWith("Timestamp", StringComparison.Ordinal) || name.EndsWith("USecRealtime", StringComparison.Ordinal) || name == "LastTriggerUSec";
}
