using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// Where launchd jobs live on macOS, under an injectable root. Users are the folders of /Users; their
/// ids come from <c>id</c> (macOS keeps accounts in Directory Services, not /etc/passwd).
/// </summary>
internal sealed class MacLayout
{
    private readonly string _root;
    private readonly ICommandRunner _runner;
    private readonly Dictionary<string, PosixUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _names = new();

    public MacLayout(string root, string currentUser, ICommandRunner runner)
    {
        _root = root;
        _runner = runner;
        CurrentUserName = currentUser;
    }

    public string CurrentUserName { get; }

    public bool IsRoot => CurrentUserName == "root";

    public string PathOf(string absolute) => _root == "/" ? absolute : Path.Combine(_root, absolute.TrimStart('/'));

    public string SystemDaemons => PathOf("/Library/LaunchDaemons");

    public string SystemAgents => PathOf("/Library/LaunchAgents");

    public string AgentsOf(string user) => PathOf($"/Users/{user}/Library/LaunchAgents");

    /// <summary>Directories inventory reads, with what their plists are and whether we may write there.</summary>
    public IEnumerable<(string Directory, JobKind Kind, JobScope Scope, string? User, bool Writable)> Directories()
    {
        yield return (PathOf("/System/Library/LaunchDaemons"), JobKind.Daemon, JobScope.System, null, false);
        yield return (SystemDaemons, JobKind.Daemon, JobScope.System, null, true);
        yield return (PathOf("/System/Library/LaunchAgents"), JobKind.Agent, JobScope.System, null, false);
        yield return (SystemAgents, JobKind.Agent, JobScope.System, null, true);
        foreach (var user in InventoryUsers)
        {
            yield return (AgentsOf(user), JobKind.Agent, JobScope.User, user, true);
        }
    }

    /// <summary>True when the layout is a tree under another root (a mounted volume, an image, a backup), read-only.</summary>
    public bool IsTree => _root != "/";

    /// <summary>Root, and anyone reading a tree, sees every user's agents; a user sees their own.</summary>
    public IReadOnlyList<string> InventoryUsers =>
        (IsRoot || IsTree) && Directory.Exists(PathOf("/Users"))
            ? Directory.GetDirectories(PathOf("/Users")).Select(Path.GetFileName).Where(n => n is not null and not "Shared" and not "Guest" && !n.StartsWith(".", StringComparison.Ordinal)).Select(n => n!).OrderBy(n => n, StringComparer.Ordinal).ToList()
            : new[] { CurrentUserName };

    /// <summary>Applications whose bundles carry launchd jobs, login items or XPC services.</summary>
    public IEnumerable<string> Applications =>
        Directory.Exists(PathOf("/Applications")) ? Directory.GetDirectories(PathOf("/Applications"), "*.app").OrderBy(a => a, StringComparer.Ordinal) : Enumerable.Empty<string>();

    /// <summary>
    /// The name of the user with this id, as the records of Background Task Management name users: asked of this
    /// machine; a tree's accounts live in its Directory Services files, which are not read, so there it is the id.
    /// </summary>
    public string UserNameOf(int id)
    {
        if (_names.TryGetValue(id, out var known))
        {
            return known;
        }

        var fallback = "uid " + id.ToString(CultureInfo.InvariantCulture);
        var result = IsTree ? null : _runner.Run(CommandLine.Of("id", "-nu", id.ToString(CultureInfo.InvariantCulture)));
        return _names[id] = result is { Succeeded: true } && result.StandardOutput.Trim() is { Length: > 0 } name ? name : fallback;
    }

    /// <summary>The macOS path of a file read from the tree (the inverse of <see cref="PathOf"/>); on this machine the path itself.</summary>
    public string MacPathOf(string file)
    {
        var root = _root.TrimEnd('/');
        return IsTree && file.StartsWith(root + "/", StringComparison.Ordinal) ? file.Substring(root.Length) : file;
    }

    /// <summary>A user's ids, asked of the system once.</summary>
    public PosixUser User(string? name)
    {
        name ??= CurrentUserName;
        if (_users.TryGetValue(name, out var known))
        {
            return known;
        }

        int Id(string flag)
        {
            var result = _runner.Run(CommandLine.Of("id", flag, name));
            return result.Succeeded && int.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new Errors.UnknownUserException(name);
        }

        var user = new PosixUser(name, Id("-u"), Id("-g"), $"/Users/{name}");
        _users[name] = user;
        return user;
    }
}
