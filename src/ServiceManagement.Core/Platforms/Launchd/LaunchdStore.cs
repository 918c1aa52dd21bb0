using System.Globalization;
using ServiceManagement.IO;
using ServiceManagement.Model;
using ServiceManagement.Processes;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// Finds, reads and plans writes of launchd plists. Inventory covers /System/Library and /Library
/// LaunchDaemons and LaunchAgents, users' ~/Library/LaunchAgents, and, read-only, what applications
/// bundle (Contents/Library/LaunchDaemons, LaunchAgents, LoginItems, and Contents/XPCServices). Jobs are
/// named by their Label, whatever the file is called. What launchd would refuse — a plist group- or
/// world-writable, a daemon not owned by root, a Label missing or unlike the file name — is a finding.
/// </summary>
internal sealed class LaunchdStore
{
    private readonly MacLayout _layout;
    private readonly ICommandRunner _runner;

    public LaunchdStore(MacLayout layout, ICommandRunner runner)
    {
        _layout = layout;
        _runner = runner;
    }

    public IReadOnlyList<InstalledJob> Inventory()
    {
        var places = _layout.Directories().Where(d => Directory.Exists(d.Directory))
            .SelectMany(d => Directory.GetFiles(d.Directory, "*.plist").OrderBy(p => p, StringComparer.Ordinal).Select(p => (Path: p, d.Kind, d.Scope, d.User, Bundle: (string?)null)))
            .Concat(Bundled())
            .ToList();
        var owners = Ownership(places.Select(p => p.Path).ToList());
        return places.Select(p => Read(p.Path, p.Kind, p.Scope, p.User, p.Bundle, owners)).ToList();
    }

    public string WriteDirectory(BackgroundJobDefinition definition) => definition.Realm() switch
    {
        JobRealm.Machine => _layout.SystemDaemons,
        JobRealm.EveryUser => _layout.SystemAgents,
        _ => _layout.AgentsOf(_layout.User(definition.User).Name),
    };

    /// <summary>
    /// root:wheel for daemons and agents of every user, the user's own for theirs; 0644, or 0600 with
    /// secrets — except agents of every user, which each user's launchd must be able to read.
    /// </summary>
    public FileOwnership Ownership(BackgroundJobDefinition definition)
    {
        var mode = definition.SecretEnvironment.Count > 0 ? 0b110_000_000 : 0b110_100_100;
        switch (definition.Realm())
        {
            case JobRealm.Machine:
                return new FileOwnership(0, 0, mode);
            case JobRealm.EveryUser:
                return new FileOwnership(0, 0, 0b110_100_100);
            default:
                var user = _layout.User(definition.User);
                return new FileOwnership(user.Id, user.GroupId, mode);
        }
    }

    /// <summary>
    /// The plist a write gives a job: ours in the directory for its kind; a job we did not create (with force)
    /// rewritten where it is, keeping every key it had and without our marker — it stays its vendor's.
    /// </summary>
    public IReadOnlyList<FileChange> Changes(BackgroundJobDefinition definition, InstalledJob? existing)
    {
        if (existing is { Definition.Managed: false, Definition.SourcePath: { } source })
        {
            if (!_layout.Directories().Any(d => d.Writable && Path.GetDirectoryName(source) == d.Directory))
            {
                throw new Errors.PlatformException($"{definition.Name} lives in {Path.GetDirectoryName(source)}, which macOS protects; it cannot be changed there.");
            }

            return new[] { new FileChange(source, Read(source), LaunchdTranslator.Render(definition, withMarker: false).Content) { Ownership = Ownership(definition) } };
        }

        var file = LaunchdTranslator.Render(definition);
        var path = Path.Combine(WriteDirectory(definition), file.Name);
        var changes = new List<FileChange> { new(path, Read(path), file.Content) { Ownership = Ownership(definition) } };
        changes.AddRange((existing?.Files ?? Array.Empty<string>()).Where(p => p != path && Path.GetDirectoryName(p) == WriteDirectory(definition)).Select(p => new FileChange(p, Read(p), null)));
        return changes;
    }

    public IReadOnlyList<FileChange> PlanDeletion(InstalledJob job) =>
        job.Files.Where(p => File.Exists(p) && _layout.Directories().Any(d => d.Writable && Path.GetDirectoryName(p) == d.Directory)).Select(p => new FileChange(p, Read(p), null)).ToList();

    private static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    private InstalledJob Read(string path, JobKind kind, JobScope scope, string? user, string? bundle, IReadOnlyDictionary<string, (int Uid, int Mode)> owners)
    {
        var findings = new List<Finding>();
        var fileName = Path.GetFileNameWithoutExtension(path);
        RawMap plist;
        try
        {
            plist = PropertyList.Read(File.ReadAllBytes(path)) as RawMap ?? throw new PropertyListException("the top value is not a dictionary");
        }
        catch (Exception ex) when (ex is PropertyListException or IOException or UnauthorizedAccessException)
        {
            findings.Add(Problem(FindingSeverity.Error, "PlistUnreadable", path, $"launchd cannot read {path}: {ex.Message}"));
            var unreadable = new BackgroundJobDefinition(fileName, kind, scope) { User = user, SourcePath = path, Platform = JobPlatform.Launchd, Origin = JobOrigin.Machine };
            return new InstalledJob(unreadable) { Files = new[] { path }, Findings = findings };
        }

        var label = plist.Entries.TryGetValue("Label", out var value) && value is RawScalar scalar ? scalar.Text : null;
        if (label is null)
        {
            findings.Add(Problem(FindingSeverity.Error, "LabelMissing", path, "The plist has no Label; launchd refuses it."));
        }
        else if (bundle is null && label != fileName)
        {
            findings.Add(Problem(FindingSeverity.Warning, "LabelMismatch", path, $"The Label '{label}' does not match the file name '{fileName}.plist'; launchctl bootstrap refuses such a file."));
        }

        if (owners.TryGetValue(path, out var owner))
        {
            if ((owner.Mode & 0b000_010_010) != 0)
            {
                findings.Add(Problem(FindingSeverity.Error, "PlistWritableByOthers", path, $"The plist is group- or world-writable (mode {Convert.ToString(owner.Mode, 8)}); launchd refuses it."));
            }

            if (kind == JobKind.Daemon && owner.Uid != 0)
            {
                findings.Add(Problem(FindingSeverity.Error, "DaemonNotOwnedByRoot", path, $"The daemon's plist is owned by uid {owner.Uid}, not root; launchd refuses it."));
            }
        }

        var looksLikeLoginItem = kind == JobKind.Agent && plist.Entries.TryGetValue("LimitLoadToSessionType", out var session) && session is RawScalar { Text: "Aqua" }
            && plist.Entries.TryGetValue("RunAtLoad", out var run) && run is RawScalar { Text: "true" } && !plist.Entries.ContainsKey("KeepAlive");
        // A login item or XPC service is a bundle: its Info.plist names it (CFBundleIdentifier) and its executable.
        var isBundle = Path.GetFileName(path) == "Info.plist" && Path.GetFileName(Path.GetDirectoryName(path)) == "Contents";
        var name = isBundle ? Text(plist, "CFBundleIdentifier") ?? Path.GetFileNameWithoutExtension(Path.GetDirectoryName(Path.GetDirectoryName(path)))! : fileName;
        var definition = LaunchdTranslator.Parse(plist, name, looksLikeLoginItem ? JobKind.LoginItem : kind, scope, user) with { SourcePath = path };
        if (bundle is not null)
        {
            findings.Add(Problem(FindingSeverity.Info, "Bundled", path, $"Part of {Path.GetFileName(bundle)}; it comes and goes with the application."));
        }

        var executable = isBundle && Text(plist, "CFBundleExecutable") is { } inner
            ? Path.Combine(Path.GetDirectoryName(path)!, "MacOS", inner)
            : BundleExecutable(plist, bundle, path, findings);
        return new InstalledJob(definition) { Files = new[] { path }, Findings = findings, Enabled = definition.StartupType != StartupType.Disabled, Executable = executable };
    }

    /// <summary>
    /// The program of a job an application registered (SMAppService): launchd's BundleProgram, a path inside the
    /// application — the one whose bundle holds the plist, else the one its AssociatedBundleIdentifiers name.
    /// When that application, or the program in it, is gone, or no application carries an identifier the job
    /// is associated with, the job is orphaned: a finding says so.
    /// </summary>
    private string? BundleExecutable(RawMap plist, string? bundle, string path, List<Finding> findings)
    {
        var associated = plist.Entries.TryGetValue("AssociatedBundleIdentifiers", out var ids)
            ? ids switch
            {
                RawScalar one => new[] { one.Text },
                RawList many => many.Items.OfType<RawScalar>().Select(i => i.Text).ToArray(),
                _ => Array.Empty<string>(),
            }
            : Array.Empty<string>();
        var owners = associated.Select(id => Applications.TryGetValue(id, out var app) ? app : null).Where(app => app is not null).ToList();
        if (associated.Length > 0 && owners.Count == 0)
        {
            findings.Add(Problem(FindingSeverity.Warning, "Orphaned", path, $"No application here carries {string.Join(" or ", associated)}, which the job is associated with (AssociatedBundleIdentifiers): its application is gone."));
        }

        if (!plist.Entries.TryGetValue("BundleProgram", out var program) || program is not RawScalar relative)
        {
            return null;
        }

        if ((bundle ?? owners.FirstOrDefault()) is not { } application)
        {
            findings.Add(Problem(FindingSeverity.Warning, "Orphaned", path, $"Its program is {relative.Text} inside an application (BundleProgram), and no application here holds the job."));
            return null;
        }

        var executable = Path.Combine(application, relative.Text);
        if (!File.Exists(executable))
        {
            findings.Add(Problem(FindingSeverity.Warning, "Orphaned", path, $"Its program {executable} (BundleProgram) is not there: the application is gone or damaged."));
        }

        return executable;
    }

    private Dictionary<string, string>? _applications;

    /// <summary>The installed applications by bundle identifier (their Info.plist's CFBundleIdentifier), read once.</summary>
    private IReadOnlyDictionary<string, string> Applications => _applications ??= _layout.Applications
        .Select(app => (App: app, Id: BundleIdentifier(Path.Combine(app, "Contents", "Info.plist"))))
        .Where(a => a.Id is not null)
        .GroupBy(a => a.Id!, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().App, StringComparer.Ordinal);

    private static string? Text(RawMap plist, string key) => plist.Entries.TryGetValue(key, out var value) && value is RawScalar text ? text.Text : null;

    private static string? BundleIdentifier(string infoPlist)
    {
        try
        {
            return File.Exists(infoPlist) && PropertyList.Read(File.ReadAllBytes(infoPlist)) is RawMap info ? Text(info, "CFBundleIdentifier") : null;
        }
        catch (Exception ex) when (ex is PropertyListException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Plists inside application bundles, and the login items and XPC services they carry as bundles, with the application's path.</summary>
    private IEnumerable<(string Path, JobKind Kind, JobScope Scope, string? User, string? Bundle)> Bundled()
    {
        foreach (var application in _layout.Applications)
        {
            foreach (var (folder, kind) in new[] { ("LaunchDaemons", JobKind.Daemon), ("LaunchAgents", JobKind.Agent) })
            {
                var directory = Path.Combine(application, "Contents", "Library", folder);
                if (Directory.Exists(directory))
                {
                    foreach (var plist in Directory.GetFiles(directory, "*.plist").OrderBy(p => p, StringComparer.Ordinal))
                    {
                        yield return (plist, kind, JobScope.System, null, application);
                    }
                }
            }

            foreach (var (folder, pattern, kind) in new[] { (Path.Combine("Library", "LoginItems"), "*.app", JobKind.LoginItem), ("XPCServices", "*.xpc", JobKind.Agent) })
            {
                var directory = Path.Combine(application, "Contents", folder);
                if (Directory.Exists(directory))
                {
                    foreach (var inner in Directory.GetDirectories(directory, pattern).OrderBy(p => p, StringComparer.Ordinal))
                    {
                        var info = Path.Combine(inner, "Contents", "Info.plist");
                        if (File.Exists(info))
                        {
                            yield return (info, kind, JobScope.System, null, application);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Owner and mode of many files from one stat(1) call (BSD flags on macOS, GNU ones elsewhere).</summary>
    private IReadOnlyDictionary<string, (int Uid, int Mode)> Ownership(IReadOnlyList<string> paths)
    {
        var owners = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return owners;
        }

        var bsd = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX);
        var result = _runner.Run(new CommandLine("stat", (bsd ? new[] { "-f", "%u %Lp %N" } : new[] { "-c", "%u %a %n" }).Concat(new[] { "--" }).Concat(paths).ToList()));
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var parts = line.Split(new[] { ' ' }, 3);
            if (parts.Length == 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && parts[1].All(c => c is >= '0' and <= '7') && parts[1].Length > 0)
            {
                owners[parts[2]] = (uid, Convert.ToInt32(parts[1], 8));
            }
        }

        return owners;
    }

    private static Finding Problem(FindingSeverity severity, string code, string path, string message) =>
        new(severity, code, string.Empty, message) { Location = new SourceLocation(path, 1, 1) };
}
