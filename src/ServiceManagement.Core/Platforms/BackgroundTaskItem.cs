using System.Globalization;

namespace ServiceManagement.Platforms;

/// <summary>What an item of Background Task Management is, from the low bits of its type.</summary>
public enum BackgroundTaskKind
{
    Other,
    App,
    LoginItem,
    Agent,
    Daemon,
    Developer,
}

/// <summary>
/// One item of macOS's Background Task Management database (macOS 13 and later), as <c>sfltool dumpbtm</c> prints
/// it: what System Settings → General → Login Items &amp; Extensions lists, and whether launchd may run it.
/// </summary>
public sealed record BackgroundTaskItem(string Identifier, BackgroundTaskKind Kind, string Type)
{
    /// <summary>The user whose records hold the item (<c>Records for UID 501</c>); -2 for the machine's; null when the dump has no such heading.</summary>
    public int? UserId { get; init; }

    public string? Name { get; init; }

    /// <summary>Who signed it, as Login Items shows it (its developer row), and their team.</summary>
    public string? Developer { get; init; }

    public string? Team { get; init; }

    /// <summary>True for a plist launchd read before the item was registered by an application (legacy).</summary>
    public bool Legacy { get; init; }

    /// <summary>The disposition's bits; null when the dump does not print it.</summary>
    public int? Disposition { get; init; }

    /// <summary>The disposition in sfltool's words: <c>enabled, allowed, notified</c>.</summary>
    public string? DispositionText { get; init; }

    /// <summary>The plist or application the item is, as printed: a file URL, a path, or a path inside its parent's bundle.</summary>
    public string? Url { get; init; }

    public string? ExecutablePath { get; init; }

    public string? BundleIdentifier { get; init; }

    /// <summary>The application (<c>2.bundle.id</c>) or developer the item belongs to.</summary>
    public string? Parent { get; init; }

    public IReadOnlyList<string> AssociatedBundleIdentifiers { get; init; } = Array.Empty<string>();

    /// <summary>The items an application registered (its daemons, agents, login items).</summary>
    public IReadOnlyList<string> EmbeddedItems { get; init; } = Array.Empty<string>();

    /// <summary>Turned on: registered and not since removed by its application.</summary>
    public bool? Enabled => Disposition is { } bits ? (bits & 0x1) != 0 : null;

    /// <summary>Allowed to run in the background: the switch a user turns off in Login Items clears it, and launchd then does not run the item.</summary>
    public bool? Allowed => Disposition is { } bits ? (bits & 0x2) != 0 : null;

    /// <summary>
    /// What Login Items says of the item in one word: <c>allowed</c> to run, <c>disallowed</c> (a user switched it
    /// off: launchd does not run it), <c>off</c> (its application removed it), <c>unknown</c> without a disposition.
    /// </summary>
    public string Verdict => Allowed == false ? "disallowed" : Enabled == false ? "off" : Allowed == true ? "allowed" : "unknown";

    /// <summary>
    /// The launchd label or bundle identifier the item stands for: its identifier without the number of its type
    /// that the database puts in front (<c>16.com.docker.vmnetd</c> for a daemon, 0x10); macOS 13 printed none.
    /// </summary>
    public string Label
    {
        get
        {
            var dot = Identifier.IndexOf('.');
            return dot > 0 && int.TryParse(Identifier.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix == TypeBits
                ? Identifier.Substring(dot + 1)
                : Identifier;
        }
    }

    /// <summary>The type's low bits, the number the database puts before an identifier.</summary>
    internal int TypeBits { get; init; }
}
