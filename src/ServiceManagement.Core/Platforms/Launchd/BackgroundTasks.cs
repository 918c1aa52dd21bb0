using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// The Background Task Management database as one dump showed it, and what it says of the jobs inventory found:
/// launchd does not run a job whose item a user switched off in Login Items, whatever its plist and launchctl say.
/// </summary>
internal sealed class BackgroundTasks
{
    public static readonly BackgroundTasks None = new(Array.Empty<BackgroundTaskItem>());

    /// <summary>Where a job inventory found only in the database says it came from.</summary>
    public const string Source = "Background Task Management";

    private readonly IReadOnlyList<BackgroundTaskItem> _items;
    private readonly Dictionary<string, BackgroundTaskItem> _applications = new(StringComparer.Ordinal);

    /// <summary>The daemons and agents with the plist path each names, resolved once for every job they are matched with.</summary>
    private readonly IReadOnlyList<(BackgroundTaskItem Item, string? Plist)> _launchdItems;

    public BackgroundTasks(IReadOnlyList<BackgroundTaskItem> items)
    {
        _items = items;
        // A path inside an application is relative to the application's item; a copy of it that is gone (in the Trash,
        // say) leaves a disabled item with the same identifier, so the enabled one is the application.
        foreach (var application in items.Where(i => i.Kind == BackgroundTaskKind.App).OrderByDescending(i => i.Enabled == true))
        {
            if (!_applications.ContainsKey(application.Identifier))
            {
                _applications.Add(application.Identifier, application);
            }
        }

        _launchdItems = items.Where(i => i.Kind is BackgroundTaskKind.Daemon or BackgroundTaskKind.Agent).Select(i => (i, PathOf(i))).ToList();
    }

    /// <summary>
    /// The item that decides whether launchd runs the job of a plist: the one naming the plist, else the one of its
    /// label and kind. Of several (a tombstone, one per user of an agent every user loads), one that is switched
    /// off decides — that is what keeps the job from running — then an enabled one.
    /// </summary>
    public BackgroundTaskItem? Decide(string plist, string label, JobKind kind)
    {
        var matches = _launchdItems.Where(l => (l.Item.Kind == BackgroundTaskKind.Daemon) == (kind == JobKind.Daemon) && (l.Plist == plist || l.Item.Label == label))
            .Select(l => l.Item).ToList();
        return matches.FirstOrDefault(i => i.Enabled == true && i.Allowed == false) ?? matches.FirstOrDefault(i => i.Enabled == true) ?? matches.FirstOrDefault();
    }

    /// <summary>
    /// Items that are jobs with no plist of their own: login items an application registered, and applications
    /// registered to open at login (SMAppService's main application). An application that registered daemons or
    /// agents is their parent in the database, not a job itself, and developer rows only group items.
    /// </summary>
    public IEnumerable<BackgroundTaskItem> WithoutPlist =>
        _items.Where(i => i.Kind == BackgroundTaskKind.LoginItem || i.Kind == BackgroundTaskKind.App && i.EmbeddedItems.Count == 0);

    /// <summary>
    /// The macOS path an item stands for: a file URL unescaped, a path as it is, a path inside its application
    /// (<c>Contents/Library/LoginItems/Helper.app</c>) resolved against the application's; null when it is none of these.
    /// </summary>
    public string? PathOf(BackgroundTaskItem item) => Resolve(item.Url, item, depth: 0);

    private string? Resolve(string? text, BackgroundTaskItem item, int depth)
    {
        if (text is null || depth > 4)
        {
            return null;
        }

        var path = text.StartsWith("file://", StringComparison.Ordinal)
            ? Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : null
            : text;
        if (path is null)
        {
            return null;
        }

        if (path.StartsWith("/", StringComparison.Ordinal))
        {
            return path.Length > 1 ? path.TrimEnd('/') : path;
        }

        return item.Parent is { } parent && _applications.TryGetValue(parent, out var application) && application != item
            && Resolve(application.Url, application, depth + 1) is { } bundle
            ? bundle + "/" + path.TrimEnd('/')
            : null;
    }
}
