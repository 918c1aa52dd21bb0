using ServiceManagement.IO;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// Finds, reads, writes and deletes systemd units. Reading follows systemd: the first directory of
/// the search path that has a unit wins, a symlink to /dev/null masks it, drop-ins
/// (<c>service.d/</c>, <c>PREFIX-.service.d/</c>, <c>TEMPLATE@.service.d/</c>, <c>UNIT.service.d/</c>,
/// in every search directory) are applied sorted by file name, and a unit is enabled when a
/// <c>*.wants/</c> or <c>*.requires/</c> directory links to it. Writes go only to /etc/systemd/system,
/// /etc/systemd/user and ~/.config/systemd/user, atomically, owned by root or by the user, 0644. A job's
/// secret values go to its secrets file, <c>servicemanagement/secrets/NAME.env</c> under the manager's
/// configuration directory (/etc, or the user's ~/.config), 0600 in a 0700 directory.
/// </summary>
internal sealed partial class SystemdStore
{
    /// <summary>From how many units inventory reads in parallel.</summary>
    private const int ParallelReadThreshold = 32;

    private static readonly string[] JobUnitSuffixes = { ".service", ".timer", ".socket", ".path" };

    private readonly LinuxLayout _layout;

    public SystemdStore(LinuxLayout layout) => _layout = layout;

    /// <summary>
    /// Every service unit of the system, every user's global units, and each inventoried user's own;
    /// only units whose names match <paramref name="names"/> (wildcards; null for all) are read.
    /// </summary>
    public IReadOnlyList<InstalledJob> Inventory(JobQuery query)
    {
        var jobs = new List<InstalledJob>();
        if (query.Admits(JobKind.Daemon, JobScope.System))
        {
            jobs.AddRange(Read(SystemdManager.System, query.Names, query.ReadsOutline));
        }

        if (query.Admits(JobKind.Agent, JobScope.System))
        {
            jobs.AddRange(Read(SystemdManager.Global, query.Names, query.ReadsOutline));
        }

        if (query.Admits(JobKind.Agent, JobScope.User))
        {
            foreach (var user in _layout.InventoryUsers)
            {
                jobs.AddRange(Read(SystemdManager.Of(user), query.Names, query.ReadsOutline));
            }
        }

        return jobs;
    }

    public IReadOnlyList<string> SearchPath(SystemdManager manager) => manager switch
    {
        { IsGlobal: true } => _layout.GlobalUserUnitDirectories,
        { Scope: JobScope.User } => _layout.PersonalUnitDirectories(manager.User!).Concat(_layout.GlobalUserUnitDirectories).ToList(),
        _ => _layout.SystemUnitDirectories,
    };

    /// <summary>The directory new units of this manager are written to.</summary>
    public string WriteDirectory(SystemdManager manager) => manager switch
    {
        { IsGlobal: true } => _layout.PathOf("/etc/systemd/user"),
        { Scope: JobScope.User } => _layout.PersonalUnitDirectories(manager.User!)[0],
        _ => _layout.PathOf("/etc/systemd/system"),
    };

    /// <summary>The configuration directory that <c>%E</c> names in this manager's units; null for the global user units, which hold no secrets.</summary>
    public string? ConfigurationDirectory(SystemdManager manager) => manager switch
    {
        { IsGlobal: true } => null,
        { Scope: JobScope.User } => Path.GetDirectoryName(Path.GetDirectoryName(WriteDirectory(manager))),
        _ => _layout.PathOf("/etc"),
    };

    /// <summary>Where this manager's side of the machine keeps data the administrator installs: /usr/local/share, or the user's ~/.local/share.</summary>
    public string DataDirectory(SystemdManager manager) =>
        manager is { Scope: JobScope.User, IsGlobal: false } ? _layout.PathOf(Path.Combine(manager.User!.Home, ".local/share")) : _layout.PathOf("/usr/local/share");

    /// <summary>Where the bus of this manager's jobs reads service files, the first winning (the D-Bus specification's standard directories).</summary>
    private IReadOnlyList<string> BusServiceDirectories(SystemdManager manager)
    {
        var relative = BusActivation.ServicesDirectory(manager);
        var roots = manager switch
        {
            { IsGlobal: true } => new[] { "/usr/local/share", "/usr/share" },
            { Scope: JobScope.User } => new[] { "/usr/local/share", "/usr/share" },
            _ => new[] { "/usr/local/share", "/usr/share", "/lib" },
        };
        return (manager is { Scope: JobScope.User, IsGlobal: false } ? new[] { DataDirectory(manager) } : Array.Empty<string>())
            .Concat(roots.Select(_layout.PathOf))
            .Select(root => Path.Combine(root, relative))
            .ToList();
    }

    /// <summary>The path a rendered file of this manager's job is written to.</summary>
    private string PathOf(SystemdManager manager, NativeFile file) => file switch
    {
        { Secret: true } => SecretsPath(manager, file.Name),
        { Directory: NativeFileDirectory.Data } => Path.Combine(DataDirectory(manager), file.Name),
        { Directory: NativeFileDirectory.Configuration } => Path.Combine(ConfigurationDirectory(manager) ?? throw new Errors.PlatformException("An agent of every user has no configuration directory of its own."), file.Name),
        _ => Path.Combine(WriteDirectory(manager), file.Name),
    };

    /// <summary>Whether a job's file lives where we write this manager's files: its unit directory, or the bus's directories we write to.</summary>
    private bool IsWritable(SystemdManager manager, string path) =>
        Path.GetDirectoryName(path) is { } directory
        && (directory == WriteDirectory(manager)
            || directory == Path.Combine(DataDirectory(manager), BusActivation.ServicesDirectory(manager))
            || (ConfigurationDirectory(manager) is { } configuration && directory == Path.Combine(configuration, BusActivation.PolicyDirectory)));

    /// <summary>Root's or the user's, 0644, or 0600 when the files hold secrets.</summary>
    public static FileOwnership Ownership(SystemdManager manager, bool secret = false) => UserFiles.Ownership(manager.User, secret);

    /// <summary>The jobs of one manager, in unit-name order; with <paramref name="outline"/>, only their names and files (<see cref="JobQuery.Outline"/>).</summary>
    public IReadOnlyList<InstalledJob> Read(SystemdManager manager, IReadOnlyList<string>? names = null, bool outline = false)
    {
        // A user's own jobs live in their own unit directories; where they have none, the global directories
        // (listed once, as global) are not searched again for each user.
        var personal = manager.Scope == JobScope.User && !manager.IsGlobal ? _layout.PersonalUnitDirectories(manager.User!) : null;
        if (personal is not null && !personal.Any(Directory.Exists))
        {
            return Array.Empty<InstalledJob>();
        }

        var patterns = names is null ? null : new Text.WildcardSet(names);
        var searchPath = SearchPath(manager);
        var directories = DistinctDirectories(searchPath).ToList();
        var listings = new Listings();
        var units = Catalogue(directories, listings, patterns);
        var enabled = EnabledUnits(manager, listings);
        var (kind, scope) = manager switch
        {
            { IsGlobal: true } => (JobKind.Agent, JobScope.System),
            { Scope: JobScope.User } => (JobKind.Agent, JobScope.User),
            _ => (JobKind.Daemon, JobScope.System),
        };

        var services = units.Keys.Where(n => n.EndsWith(".service", StringComparison.Ordinal))
            .Concat(enabled.Where(n => n.EndsWith(".service", StringComparison.Ordinal) && IsInstance(n) && units.ContainsKey(Template(n))))
            .Where(n => patterns is null || patterns.IsMatch(SystemdUnitNames.JobName(n, units.ContainsKey)))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal);
        var sockets = SocketsByService(units.Keys);

        // For a personal manager, units the global directories provide are listed once, as global.
        var mine = services
            .Select(unitName => (Name: unitName, File: units.TryGetValue(unitName, out var own) ? own : units[Template(unitName)]))
            .Where(u => personal is null || personal.Any(d => u.File.Path.StartsWith(d + "/", StringComparison.Ordinal)))
            .ToList();

        // Reading is independent per unit and dominates a large inventory, which runs on every core; a few
        // units are read on this thread (starting the pool's workers would cost more than it saves).
        var dropIns = new DropInIndex(directories, listings);
        var activations = BusActivations(manager, units, directories);
        if (outline)
        {
            return mine.Select(u => Outline(u.Name, u.File, units, sockets, dropIns, activations, enabled, kind, scope, manager)).ToList();
        }

        InstalledJob Job((string Name, UnitPath File) u) => ReadJob(u.Name, u.File, units, sockets, dropIns, activations, enabled, kind, scope, manager);
        return mine.Count < ParallelReadThreshold ? mine.Select(Job).ToList() : mine.AsParallel().AsOrdered().Select(Job).ToList();
    }

    /// <summary>The file changes that give a job exactly <paramref name="files"/>: writes, and deletions of files of ours it no longer needs.</summary>
    public IReadOnlyList<FileChange> Changes(SystemdManager manager, IReadOnlyList<NativeFile> files, InstalledJob? existing)
    {
        var changes = files.Select(file => new FileChange(PathOf(manager, file), UserFiles.TextOf(PathOf(manager, file)), file.Content) { Ownership = Ownership(manager, file.Secret), Secret = file.Secret })
            .ToList();
        var written = new HashSet<string>(changes.Select(c => c.Path), StringComparer.Ordinal);
        changes.AddRange((existing?.Files ?? Array.Empty<string>())
            .Where(p => !written.Contains(p) && ((IsWritable(manager, p) && IsOurs(p)) || IsSecretsFile(manager, existing!, p)))
            .Select(p => new FileChange(p, UserFiles.TextOf(p), null) { Secret = IsSecretsFile(manager, existing!, p) }));
        return changes;
    }

    private string SecretsPath(SystemdManager manager, string fileName) =>
        Path.Combine(ConfigurationDirectory(manager) ?? throw new Errors.PlatformException("An agent of every user cannot hold secrets: each user's manager would have to read them."), fileName);

    private bool IsSecretsFile(SystemdManager manager, InstalledJob job, string path) =>
        ConfigurationDirectory(manager) is { } root && path == Path.Combine(root, SystemdSecrets.FileName(job.Definition.Name));

    /// <summary>What a drop-in of our own job is renamed to when apply sets it aside: systemd reads only <c>*.conf</c>.</summary>
    public const string DisplacedSuffix = ".displaced-by-servicemanagement";

    /// <summary>
    /// The drop-ins someone else wrote for a job we manage, where they are the job's alone (<c>NAME.service.d/</c>)
    /// and not the vendor's (<c>/etc</c>, <c>/run</c> and the user's directories): each is set aside beside
    /// itself as <c>FILE.conf</c><see cref="DisplacedSuffix"/> (0600: it may hold secrets), so that the job runs
    /// as declared and nothing of the drop-in is lost. Drop-ins for many units (<c>service.d/</c>,
    /// <c>PREFIX-.service.d/</c>) and vendor directories are left alone: see <see cref="Unmovable"/>.
    /// </summary>
    public IReadOnlyList<FileChange> DisplaceForeignDropIns(SystemdManager manager, InstalledJob job) =>
        ForeignDropIns(manager, job).Where(p => Movable(manager, job, p))
            .SelectMany(p => new[]
            {
                new FileChange(p, UserFiles.TextOf(p), null),
                new FileChange(p + DisplacedSuffix, UserFiles.TextOf(p + DisplacedSuffix), UserFiles.TextOf(p)) { Ownership = Ownership(manager, secret: true) },
            })
            .ToList();

    /// <summary>The drop-ins that change a job we manage and that apply does not set aside.</summary>
    public IReadOnlyList<string> Unmovable(SystemdManager manager, InstalledJob job) =>
        ForeignDropIns(manager, job).Where(p => !Movable(manager, job, p)).ToList();

    private static IEnumerable<string> ForeignDropIns(SystemdManager manager, InstalledJob job) =>
        job.Files.Where(p => p.EndsWith(".conf", StringComparison.Ordinal) && Path.GetFileName(Path.GetDirectoryName(p))!.EndsWith(".d", StringComparison.Ordinal) && p != job.OurDropIn);

    private bool Movable(SystemdManager manager, InstalledJob job, string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        var vendor = new[] { "/usr/lib/", "/lib/", "/usr/local/lib/" }.Any(v => directory.StartsWith(_layout.PathOf(v), StringComparison.Ordinal));
        return !vendor && Path.GetFileName(directory) == job.Definition.Name + ".service.d" && SearchPath(manager).Contains(Path.GetDirectoryName(directory)!);
    }

    /// <summary>
    /// The change to a job ServiceManagement did not create: only our drop-in
    /// (<c>NAME.service.d/50-servicemanagement.conf</c> where this manager's units are written), holding just
    /// what differs from the job as its vendor ships it; none (the drop-in deleted) when nothing does.
    /// </summary>
    public IReadOnlyList<FileChange> PlanDropIn(SystemdManager manager, InstalledJob existing, string? dropIn)
    {
        var path = existing.OurDropIn ?? Path.Combine(WriteDirectory(manager), existing.Definition.Name + ".service.d", SystemdTranslator.DropInName);
        return new[] { new FileChange(path, UserFiles.TextOf(path), dropIn) { Ownership = Ownership(manager) } };
    }

    /// <summary>
    /// The deletions that remove a job: of a job we manage, its unit files and bus files that carry our marker where we
    /// write, and its secrets file — a sibling someone wrote by hand (a timer, a socket) is left alone; of a job we did not
    /// create (removed only when forced, one by one), its unit files where we write. Drop-ins and vendor files stay.
    /// </summary>
    public IReadOnlyList<FileChange> PlanDeletion(InstalledJob job, SystemdManager manager)
    {
        var directory = WriteDirectory(manager);
        return job.Files.Where(p => ((Path.GetDirectoryName(p) == directory && (IsOurs(p) || !job.Definition.Managed)) || (IsWritable(manager, p) && IsOurs(p)) || IsSecretsFile(manager, job, p)) && File.Exists(p))
            .Select(p => new FileChange(p, UserFiles.TextOf(p), null) { Secret = IsSecretsFile(manager, job, p) })
            .ToList();
    }


    private static bool IsOurs(string path) =>
        File.Exists(path) && File.ReadLines(path).Select(l => l.Trim()).Any(l => l.StartsWith(SystemdTranslator.MarkerKey + "=", StringComparison.Ordinal) && ManagedMarker.IsFlag(l.Substring(SystemdTranslator.MarkerKey.Length + 1)));

    /// <summary>
    /// A job as its directories show it, no unit read: its files (the unit, drop-ins, its timer, its sockets, its path unit) and
    /// whether its links enable it. A socket named after another unit than NAME.socket is read for its Service=.
    /// </summary>
    private InstalledJob Outline(string unitName, UnitPath file, Dictionary<string, UnitPath> units, ILookup<string, string> socketsByService, DropInIndex dropIns,
        IReadOnlyDictionary<string, BusService> activations, ISet<string> enabled, JobKind kind, JobScope scope, SystemdManager manager)
    {
        var name = SystemdUnitNames.JobName(unitName, units.ContainsKey);
        var definition = new BackgroundJobDefinition(name, kind, scope) { User = manager.User?.Name, SourcePath = file.Path, Platform = JobPlatform.Systemd, Origin = JobOrigin.Machine };
        var files = new List<string> { file.Path };
        if (file.Masked)
        {
            return new InstalledJob(definition with { StartupType = StartupType.Disabled }) { Files = files, Masked = true, Enabled = false, Outline = true };
        }

        files.AddRange(dropIns.For(unitName));
        var timer = units.TryGetValue(name + ".timer", out var timerFile) && !timerFile.Masked;
        if (timer)
        {
            files.Add(timerFile!.Path);
        }

        var sockets = socketsByService[name].OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)
            .Where(n => !units[n].Masked && (n == name + ".socket" || ReadUnit(units[n].Path, new List<Finding>()).Last("Socket", "Service") == unitName))
            .ToList();
        files.AddRange(sockets.Select(n => units[n].Path));
        var watch = units.TryGetValue(name + ".path", out var pathFile) && !pathFile.Masked;
        if (watch)
        {
            files.Add(pathFile!.Path);
        }

        var activated = activations.TryGetValue(unitName, out var bus);
        if (activated)
        {
            files.AddRange(BusFiles(manager, bus!));
        }

        var started = enabled.Contains(unitName) || (timer && enabled.Contains(name + ".timer")) || (sockets.Count > 0 && enabled.Contains(name + ".socket")) || (watch && enabled.Contains(name + ".path"));
        return new InstalledJob(definition) { Files = files, Enabled = started ? true : null, Outline = true, Triggered = timer || sockets.Count > 0 || watch || activated, ActivationName = bus?.Name };
    }

    private InstalledJob ReadJob(string unitName, UnitPath file, Dictionary<string, UnitPath> units, ILookup<string, string> socketsByService, DropInIndex dropIns,
        IReadOnlyDictionary<string, BusService> activations, ISet<string> enabled, JobKind kind, JobScope scope, SystemdManager manager)
    {
        var user = manager.User?.Name;
        var name = SystemdUnitNames.JobName(unitName, units.ContainsKey);
        var findings = new List<Finding>();
        var files = new List<string> { file.Path };
        if (file.Masked)
        {
            var masked = new BackgroundJobDefinition(name, kind, scope) { User = user, StartupType = StartupType.Disabled, SourcePath = file.Path, Platform = JobPlatform.Systemd, Origin = JobOrigin.Machine };
            return new InstalledJob(masked) { Files = files, Masked = true, Enabled = false, Findings = new[] { new Finding(FindingSeverity.Info, "UnitMasked", string.Empty, $"{unitName} is masked (linked to /dev/null).") } };
        }

        var service = ReadUnit(file.Path, findings);
        var vendorService = service;
        string? ours = null;
        foreach (var dropIn in dropIns.For(unitName))
        {
            var unit = ReadUnit(dropIn, findings);
            service = service.Merge(unit);
            files.Add(dropIn);
            if (Path.GetFileName(dropIn) == SystemdTranslator.DropInName && ManagedMarker.IsFlag(unit.Last("Unit", SystemdTranslator.DropInMarkerKey)))
            {
                ours = dropIn;
            }
            else
            {
                vendorService = vendorService.Merge(unit);
            }
        }

        UnitFile? timer = null;
        if (units.TryGetValue(name + ".timer", out var timerFile) && !timerFile.Masked)
        {
            timer = ReadUnit(timerFile.Path, findings);
            files.Add(timerFile.Path);
        }

        var sockets = new List<UnitFile>();
        foreach (var socketName in socketsByService[name].OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal))
        {
            var socketFile = units[socketName];
            if (socketFile.Masked)
            {
                continue;
            }

            var socket = ReadUnit(socketFile.Path, findings);
            var belongs = socketName == name + ".socket" || socket.Last("Socket", "Service") == unitName;
            if (belongs)
            {
                sockets.Add(socket);
                files.Add(socketFile.Path);
            }
        }

        UnitFile? path = null;
        if (units.TryGetValue(name + ".path", out var pathFile) && !pathFile.Masked)
        {
            path = ReadUnit(pathFile.Path, findings);
            files.Add(pathFile.Path);
        }

        var activated = activations.TryGetValue(unitName, out var bus);
        if (activated)
        {
            files.AddRange(BusFiles(manager, bus!));
        }

        var secrets = ReadSecrets(manager, name, service, files, findings);
        var definition = SystemdTranslator.Parse(new SystemdUnits(name, service) { Timer = timer, Sockets = sockets, Path = path, Secrets = secrets, BusActivatedAs = bus?.Name }, kind, scope, user);
        var enablement = EnablementOf(unitName, name, service, timer, sockets, path, enabled);
        // Our units say which startup type was asked for; without one (the default), and for others, the links tell.
        var installed = definition with { SourcePath = file.Path, StartupType = definition.StartupType ?? enablement };
        return new InstalledJob(installed)
        {
            Files = files,
            Findings = findings,
            Enabled = enablement is null ? null : enablement == StartupType.Automatic,
            Triggered = timer is not null || sockets.Count > 0 || path is not null || activated,
            ActivationName = bus?.Name,
            OurDropIn = ours,
            Vendor = ours is null ? installed : SystemdTranslator.Parse(new SystemdUnits(name, vendorService) { Timer = timer, Sockets = sockets, Path = path, BusActivatedAs = bus?.Name }, kind, scope, user) with { SourcePath = file.Path, StartupType = installed.StartupType },
        };
    }

    /// <summary>
    /// The values of the job's secrets file when its unit names ours (<see cref="SystemdSecrets.EnvironmentFile"/>);
    /// null when it names none or this user may not read it (only root, or the agent's user, may), which is a
    /// finding: the secrets' names are known, their values are not.
    /// </summary>
    private ValueMap<string>? ReadSecrets(SystemdManager manager, string name, UnitFile service, List<string> files, List<Finding> findings)
    {
        if (!service.Effective("Service", "EnvironmentFile").Contains(SystemdSecrets.EnvironmentFile) || ConfigurationDirectory(manager) is not { } root)
        {
            return null;
        }

        var path = Path.Combine(root, SystemdSecrets.FileName(name));
        if (File.Exists(path))
        {
            files.Add(path);
        }

        try
        {
            return SystemdSecrets.Parse(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(new Finding(FindingSeverity.Info, "SecretsUnreadable", "environment", $"The secret values of {name} are in {path}, which this user cannot read ({ex.Message.TrimEnd('.')}).") { Location = new SourceLocation(path, 1, 1) });
            return null;
        }
        catch (Validation.InvalidDefinitionException ex)
        {
            findings.AddRange(ex.Findings);
            return null;
        }
    }

    /// <summary>Automatic when the unit (or its timer, socket or path unit) is enabled; manual when it could be; unknown for static units.</summary>
    private static StartupType? EnablementOf(string unitName, string name, UnitFile service, UnitFile? timer, IReadOnlyList<UnitFile> sockets, UnitFile? path, ISet<string> enabled)
    {
        if (enabled.Contains(unitName) || (timer is not null && enabled.Contains(name + ".timer")) || (sockets.Count > 0 && enabled.Contains(name + ".socket")) || (path is not null && enabled.Contains(name + ".path")))
        {
            return StartupType.Automatic;
        }

        var installable = new[] { service, timer, path }.Concat(sockets).Any(u => u is not null && u.Sections.Any(s => s.Name == "Install" && s.Entries.Count > 0));
        return installable ? StartupType.Manual : null;
    }

    /// <summary>A service file of a bus: the name it activates, and where it is.</summary>
    private sealed record BusService(string Name, string Path);

    /// <summary>
    /// The units this manager's bus starts by name: each service file of the bus's directories (the first of a name
    /// winning, as the bus reads them) that names a unit with <c>SystemdService=</c>, by that unit — or, when it names
    /// an alias (<c>dbus-org.freedesktop.hostname1.service</c>), by the unit the alias links to. A file that cannot
    /// be read or names no unit activates nothing systemd runs, and is left out.
    /// </summary>
    private Dictionary<string, BusService> BusActivations(SystemdManager manager, Dictionary<string, UnitPath> units, IReadOnlyList<string> unitDirectories)
    {
        var byUnit = new Dictionary<string, BusService>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in DistinctDirectories(BusServiceDirectories(manager)))
        {
            foreach (var (fileName, type) in Entries(directory))
            {
                if (!fileName.EndsWith(".service", StringComparison.Ordinal) || type is DirectoryEntryType.Directory or DirectoryEntryType.Other)
                {
                    continue;
                }

                var path = Path.Combine(directory, fileName);
                var file = ReadUnit(path, new List<Finding>());
                if (file.Last(BusActivation.Section, "Name") is not { Length: > 0 } name || !names.Add(name)
                    || file.Last(BusActivation.Section, "SystemdService") is not { Length: > 0 } unit)
                {
                    continue;
                }

                var target = units.ContainsKey(unit) ? unit : AliasTarget(unit, unitDirectories);
                if (target is not null && !byUnit.ContainsKey(target))
                {
                    byUnit[target] = new BusService(name, path);
                }
            }
        }

        return byUnit;
    }

    /// <summary>The unit an alias links to, from the first search directory that has the alias; null when none does.</summary>
    private static string? AliasTarget(string alias, IReadOnlyList<string> searchPath) =>
        searchPath.Select(d => Path.Combine(d, alias)).Select(Posix.ReadLink).FirstOrDefault(t => t is not null) is { } target ? Path.GetFileName(target) : null;

    /// <summary>A bus-activated job's files outside the unit directories: the bus's service file, and on the system bus our policy for the name where there is one.</summary>
    private IEnumerable<string> BusFiles(SystemdManager manager, BusService bus)
    {
        yield return bus.Path;
        if (manager.Scope == JobScope.System && !manager.IsGlobal && Path.Combine(ConfigurationDirectory(manager)!, BusActivation.PolicyFile(bus.Name)) is var policy && File.Exists(policy))
        {
            yield return policy;
        }
    }

    /// <summary>
    /// Socket units by the services they may activate: NAME.socket for NAME, and NAME-SUFFIX.socket for
    /// every NAME its dashes allow (which one, its Service= says); one pass, so inventory stays linear.
    /// </summary>
    private static ILookup<string, string> SocketsByService(IEnumerable<string> unitNames) =>
        unitNames.Where(n => n.EndsWith(".socket", StringComparison.Ordinal))
            .SelectMany(socket =>
            {
                var stem = socket.Substring(0, socket.Length - ".socket".Length);
                var owners = new List<string> { stem };
                for (var dash = stem.IndexOf('-'); dash > 0; dash = stem.IndexOf('-', dash + 1))
                {
                    owners.Add(stem.Substring(0, dash));
                }

                return owners.Select(owner => (Owner: owner, Socket: socket));
            })
            .ToLookup(p => p.Owner, p => p.Socket, StringComparer.Ordinal);

    private static UnitFile ReadUnit(string path, List<Finding> findings)
    {
        try
        {
            return UnitFile.Parse(TextFile.Read(path), path, findings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(new Finding(FindingSeverity.Error, "UnitUnreadable", string.Empty, $"{path} could not be read: {ex.Message}") { Location = new SourceLocation(path, 1, 1) });
            return new UnitFile(Array.Empty<UnitSection>());
        }
    }
}
