using System.Globalization;
using ServiceManagement.IO;

namespace ServiceManagement.Platforms.Freedesktop;

/// <summary>
/// Where systemd and XDG autostart keep their files, under an injectable root (tests point it at a
/// directory tree; production uses <c>/</c>). Search paths are in systemd's order of precedence,
/// highest first (systemd.unit(5), "Unit File Load Path").
/// </summary>
internal sealed class LinuxLayout
{
    private readonly string _root;

    public LinuxLayout(string root, PosixUser currentUser, string? xdgConfigHome = null, string? xdgConfigDirs = null)
    {
        _root = root;
        CurrentUser = currentUser;
        XdgConfigHome = string.IsNullOrEmpty(xdgConfigHome) ? null : xdgConfigHome;
        XdgConfigDirs = (string.IsNullOrEmpty(xdgConfigDirs) ? "/etc/xdg" : xdgConfigDirs!)
            .Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>The layout of this machine, for the user running the process.</summary>
    public static LinuxLayout ForThisMachine()
    {
        var uid = Posix.EffectiveUserId;
        var user = ReadUsers("/").FirstOrDefault(u => u.Id == uid)
            ?? new PosixUser(Environment.UserName, uid, uid, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return new LinuxLayout("/", user, Environment.GetEnvironmentVariable("XDG_CONFIG_HOME"), Environment.GetEnvironmentVariable("XDG_CONFIG_DIRS"));
    }

    public PosixUser CurrentUser { get; }

    /// <summary>The same user and XDG settings over another root directory.</summary>
    public LinuxLayout WithRoot(string root) =>
        new(Path.GetFullPath(root), CurrentUser, XdgConfigHome, string.Join(":", XdgConfigDirs));

    public bool IsRoot => CurrentUser.Id == 0;

    public string? XdgConfigHome { get; }

    public IReadOnlyList<string> XdgConfigDirs { get; }

    public string PathOf(string absolute) => _root == "/" ? absolute : Path.Combine(_root, absolute.TrimStart('/'));

    public IReadOnlyList<string> SystemUnitDirectories => new[]
    {
        "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system",
    }.Select(PathOf).ToList();

    /// <summary>Directories of units every user's manager loads (agents for all users).</summary>
    public IReadOnlyList<string> GlobalUserUnitDirectories => new[]
    {
        "/etc/systemd/user", "/run/systemd/user", "/usr/local/lib/systemd/user", "/usr/lib/systemd/user", "/lib/systemd/user",
    }.Select(PathOf).ToList();

    /// <summary>Directories of units only this user's manager loads.</summary>
    public IReadOnlyList<string> PersonalUnitDirectories(PosixUser user) => new[]
    {
        Path.Combine(ConfigHome(user), "systemd", "user"), PathOf(Path.Combine(user.Home, ".local/share/systemd/user")),
    };

    /// <summary>Autostart directories: the user's first, then each of XDG_CONFIG_DIRS.</summary>
    public string PersonalAutostartDirectory(PosixUser user) => Path.Combine(ConfigHome(user), "autostart");

    public IReadOnlyList<string> SystemAutostartDirectories => XdgConfigDirs.Select(d => PathOf(Path.Combine(d, "autostart"))).ToList();

    /// <summary>Where new system login items go; always /etc/xdg/autostart, whatever XDG_CONFIG_DIRS says.</summary>
    public string SystemAutostartDirectory => PathOf("/etc/xdg/autostart");

    /// <summary>Everyone whose personal jobs inventory covers: the caller, and for root every real user too.</summary>
    public IReadOnlyList<PosixUser> InventoryUsers =>
        IsRoot
            ? new[] { CurrentUser }.Concat(Users.Where(u => u.Id >= 1000 && u.Id < 65534 && u.Id != CurrentUser.Id && Directory.Exists(PathOf(u.Home)))).ToList()
            : new[] { CurrentUser };

    public IReadOnlyList<PosixUser> Users => ReadUsers(_root);

    public PosixUser User(string? name)
    {
        if (name is null || name == CurrentUser.Name)
        {
            return CurrentUser;
        }

        return Users.FirstOrDefault(u => u.Name == name)
            ?? throw new Errors.UnknownUserException(name);
    }

    private string ConfigHome(PosixUser user) =>
        user == CurrentUser && XdgConfigHome is not null ? PathOf(XdgConfigHome) : PathOf(Path.Combine(user.Home, ".config"));

    private static IReadOnlyList<PosixUser> ReadUsers(string root)
    {
        var passwd = root == "/" ? "/etc/passwd" : Path.Combine(root, "etc/passwd");
        if (!File.Exists(passwd))
        {
            return Array.Empty<PosixUser>();
        }

        // A loop, not a LINQ chain: every command reads this file, and a Where on a Select's result is a generic
        // virtual call NativeAOT resolves at its first use (perf: a twentieth of svcmgmt dsc test went to such lookups).
        var users = new List<PosixUser>();
        foreach (var line in File.ReadAllLines(passwd))
        {
            var fields = line.Split(':');
            if (fields.Length >= 6 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var group))
            {
                users.Add(new PosixUser(fields[0], id, group, fields[5]));
            }
        }

        return users;
    }
}
