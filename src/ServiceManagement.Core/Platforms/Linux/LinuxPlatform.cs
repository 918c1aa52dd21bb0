using System.Text;
using ServiceManagement.Errors;
using ServiceManagement.IO;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Platforms.Xdg;
using ServiceManagement.Processes;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Linux;

/// <summary>
/// Linux: daemons and agents are systemd units, login items XDG autostart entries. Every change is
/// batched per manager: one daemon-reload, one enable, one disable, one start per manager and batch.
/// </summary>
internal sealed partial class LinuxPlatform : IPlatform
{
    private readonly LinuxLayout _layout;
    private readonly SystemdStore _units;
    private readonly AutostartStore _autostart;
    private readonly SystemdSupervisor _systemd;
    private readonly JournalReader _journal;
    private readonly ICommandRunner _runner;
    private readonly MessageBus _bus;

    public LinuxPlatform(LinuxLayout layout, ICommandRunner runner, SystemdTransport transport = SystemdTransport.Auto)
    {
        _layout = layout;
        _units = new SystemdStore(layout);
        _autostart = new AutostartStore(layout);
        _systemd = new SystemdSupervisor(runner, layout, transport);
        _journal = new JournalReader(runner);
        _runner = runner;
        _bus = new MessageBus(layout, runner);
    }

    public TargetOperatingSystem OperatingSystem => TargetOperatingSystem.Linux;

    public INativeRules Rules => SystemdRules.Instance;

    /// <summary>
    /// Keeps one connection per manager for the operation, and opens the system manager's now, on a thread of its
    /// own (<see cref="SystemdSupervisor.OpenAhead"/>): nearly every operation that keeps connections — a plan, an
    /// apply, a status — reads files first and asks the system manager next, which meanwhile answers.
    /// </summary>
    public IDisposable KeepConnections()
    {
        var kept = _systemd.KeepConnections();
        _systemd.OpenAhead(SystemdManager.System);
        return kept;
    }

    public IDisposable FollowStatus() => _systemd.FollowStatus();

    public IReadOnlyList<string> Notices => Array.Empty<string>();

    public IReadOnlyList<InstalledJob> GetJobs(JobQuery query)
    {
        IO.Meter.Tick("inventory");
        return _units.Inventory(query).Concat(_autostart.Inventory(query)).Where(j => query.Matches(j.Definition)).Select(InstalledJob.WithSecretsApart).ToList();
    }

    /// <summary>
    /// A daemon's or agent's journal (what it printed, and what systemd said about it), then its output files;
    /// a login item has no journal of its own: its output goes to the session's.
    /// </summary>
    public JobLog GetLog(InstalledJob job, LogQuery query)
    {
        var definition = (job ?? throw new ArgumentNullException(nameof(job))).Definition;
        var sources = new List<string>();
        var entries = new List<JobLogEntry>();
        if (definition.Kind == JobKind.LoginItem)
        {
            sources.Add("no journal of its own (a login item's output goes to the session's log)");
        }
        else
        {
            var unit = definition.Name + ".service";
            var userUnit = definition.Kind == JobKind.Agent;
            int? userId = definition.Scope == JobScope.User ? _layout.User(definition.User).Id : null;
            entries.AddRange(_journal.Read(unit, userUnit, userId, query, out var problem));
            sources.Add($"the journal ({JournalReader.Command(unit, userUnit, userId, query)}){(problem is null ? string.Empty : ": " + problem)}");
        }

        entries.AddRange(LogFiles.Read(definition, query, sources));
        return new JobLog(definition.Name, entries, sources);
    }

    /// <summary>
    /// systemd-analyze security of the job's service: online for a daemon of a running system manager (its
    /// drop-ins included), else offline from its unit file; a login item is no unit and has no analysis.
    /// </summary>
    public JobSecurity GetSecurity(InstalledJob job)
    {
        var definition = (job ?? throw new ArgumentNullException(nameof(job))).Definition;
        if (definition.Kind == JobKind.LoginItem)
        {
            return new JobSecurity(definition.Name, null, null, Array.Empty<SecurityFinding>(), "none (a login item runs in the user's session, unconfined)");
        }

        var online = definition.Kind == JobKind.Daemon && _systemd.IsRunning(SystemdManager.System);
        var command = SecurityAnalyser.Command(definition.Name + ".service", online ? null : job.Files.FirstOrDefault());
        var result = _runner.Run(command);
        return SecurityAnalyser.Parse(definition.Name, result.StandardOutput, command + (result.Succeeded ? string.Empty : ": " + result.StandardError.Trim()));
    }

    public IReadOnlyList<NativeFile> Render(BackgroundJobDefinition definition) =>
        definition.Kind == JobKind.LoginItem ? new[] { DesktopEntryTranslator.Render(definition) } : SystemdTranslator.Render(definition);

    /// <summary>
    /// In a directory of the caller's own that only they can enter (see <see cref="DesiredState.ApplyLock"/>), under
    /// a parent nobody else can write to: /run/servicemanagement for root (not the world-writable /run/lock, where
    /// any user could open and flock root's lock, or plant links), the user's runtime directory, else their ~/.cache.
    /// </summary>
    public string LockPath => _layout.IsRoot
        ? _layout.PathOf("/run/servicemanagement/apply.lock")
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime ? runtime : Path.Combine(_layout.CurrentUser.Home, ".cache"), "servicemanagement", "apply.lock");

    public BackgroundJobDefinition Normalize(BackgroundJobDefinition definition)
    {
        var files = Render(definition);
        var parsed = definition.Kind == JobKind.LoginItem
            ? DesktopEntryTranslator.Parse(definition.Name, UnitFile.Parse(files[0].Content, files[0].Name), definition.Scope, definition.User)
            : SystemdTranslator.Parse(ToUnits(definition.Name, files), definition.Kind, definition.Scope, definition.User);
        return parsed with { Managed = false, Platform = null };
    }

    public StagedChange Stage(IReadOnlyList<BackgroundJobDefinition> writes, IReadOnlyList<InstalledJob> removals, WriteOptions options)
    {
        var findings = this.Validated(writes, options);

        var existing = writes.Count == 0 ? Array.Empty<InstalledJob>() : options.Installed ?? GetJobs(JobQuery.Naming(writes));
        var jobs = new List<StagedJob>();
        foreach (var definition in writes)
        {
            var job = existing.FirstOrDefault(j => IsSameJob(j.Definition, definition));
            var wantsEnabled = (definition.StartupType ?? StartupType.Automatic) == StartupType.Automatic;
            // Writes are staged first and in order: jobs.Count is this write's index.
            jobs.Add(this.StageWrite(definition, job, wantsEnabled, options.Force, complete =>
            {
                // A job we did not create is changed by a drop-in with only the difference; it stays its vendor's.
                if (job is { Definition.Managed: false } && complete.Kind != JobKind.LoginItem)
                {
                    if (complete.SecretEnvironment.Count > 0)
                    {
                        throw new InvalidDefinitionException(new[] { new Finding(FindingSeverity.Error, "SecretInDropIn", DefinitionValidator.Prefix(complete.Name, "environment"),
                            $"{complete.Name} was not created by ServiceManagement, and a drop-in cannot give it a secret: set it in an environment file the unit's vendor documents, or let ServiceManagement own a job of its own.") });
                    }

                    return _units.PlanDropIn(Manager(complete), job, SystemdTranslator.RenderDropIn(complete, job.Vendor ?? job.Definition));
                }

                var files = Render(complete);
                return complete.Kind == JobKind.LoginItem
                    ? new[] { _autostart.Change(files[0], complete.Scope, complete.Scope == JobScope.User ? _layout.User(complete.User) : null, secret: complete.SecretEnvironment.Count > 0) }
                    : _units.Changes(Manager(complete), files, job).Concat(job is null ? Array.Empty<FileChange>() : _units.DisplaceForeignDropIns(Manager(complete), job)).ToList();
            }) with { Findings = findings[jobs.Count] });
        }

        foreach (var job in removals)
        {
            job.RequireManaged(options.Force);
            var files = job.Definition.Kind == JobKind.LoginItem ? _autostart.PlanDeletion(job) : _units.PlanDeletion(job, Manager(job.Definition));
            jobs.Add(new StagedJob(null, job, files));
        }

        return new StagedChange(jobs, options);
    }

    public StagedChange StageRevert(IReadOnlyList<InstalledJob> jobs) =>
        new((jobs ?? throw new ArgumentNullException(nameof(jobs)))
            .Where(j => j.OurDropIn is not null)
            .Select(j => new StagedJob(j.Vendor ?? j.Definition, j, new[] { new FileChange(j.OurDropIn!, UserFiles.TextOf(j.OurDropIn!), null) }))
            .ToList(), new WriteOptions());

    public void Restore(StagedChange change)
    {
        if (change is null)
        {
            throw new ArgumentNullException(nameof(change));
        }

        FileChanges.Restore(change.Files);
        var managers = change.Jobs
            .Select(j => j.Desired ?? j.Existing!.Definition)
            .Where(d => d.Kind != JobKind.LoginItem)
            .Select(Manager)
            .Distinct();
        foreach (var manager in managers)
        {
            _systemd.Reload(manager);
        }
    }

    private static SystemdUnits ToUnits(string name, IReadOnlyList<NativeFile> files)
    {
        var parsed = files.Where(f => !f.Secret && f.Directory == NativeFileDirectory.Job).ToDictionary(f => f.Name, f => UnitFile.Parse(f.Content, f.Name), StringComparer.Ordinal);
        return new SystemdUnits(name, parsed[files[0].Name])
        {
            Secrets = files.FirstOrDefault(f => f.Secret) is { } secrets ? SystemdSecrets.Parse(secrets.Content, secrets.Name) : null,
            Timer = parsed.TryGetValue(name + ".timer", out var timer) ? timer : null,
            Sockets = files.Where(f => f.Name.EndsWith(".socket", StringComparison.Ordinal)).Select(f => parsed[f.Name]).ToList(),
            Path = parsed.TryGetValue(name + ".path", out var path) ? path : null,
            BusActivatedAs = files.Where(f => f.Directory == NativeFileDirectory.Data).Select(f => UnitFile.Parse(f.Content, f.Name).Last(BusActivation.Section, "Name")).FirstOrDefault(),
        };
    }

    public void Control(IReadOnlyList<InstalledJob> jobs, JobAction action)
    {
        var loginItem = jobs.FirstOrDefault(j => j.Definition.Kind == JobKind.LoginItem);
        if (loginItem is not null && action is JobAction.Start or JobAction.Stop or JobAction.Restart)
        {
            throw new PlatformException($"{loginItem.Definition.Name} is a login item: it starts when its user logs in, and is not started or stopped on request.");
        }

        foreach (var group in jobs.Where(j => j.Definition.Kind != JobKind.LoginItem).GroupBy(j => Manager(j.Definition)))
        {
            var manager = group.Key;
            if (manager.IsGlobal && action is JobAction.Start or JobAction.Stop or JobAction.Restart)
            {
                throw new PlatformException($"{group.First().Definition.Name} runs in every user's session; start or stop it in a user's manager.");
            }

            if (!manager.IsGlobal)
            {
                _systemd.RequireRunning(manager, linger: false);
            }

            var units = group.SelectMany(j => InstallUnits(j.Definition)).ToList();
            _systemd.Apply(manager, action, units);
        }
    }

    private static bool IsTemplate(InstalledJob job) => job.Definition.Name.EndsWith("@", StringComparison.Ordinal);

    /// <summary>The manager that runs a job, or null for login items (their users' sessions do).</summary>
    private SystemdManager Manager(BackgroundJobDefinition definition) => definition.Realm() switch
    {
        JobRealm.Machine => SystemdManager.System,
        JobRealm.EveryUser => SystemdManager.Global,
        _ => SystemdManager.Of(_layout.User(definition.User)),
    };

    /// <summary>The units that carry a job's [Install] section: its timer, its sockets, its path unit, or the service itself.</summary>
    private static IReadOnlyList<string> InstallUnits(BackgroundJobDefinition definition)
    {
        if (!RunStates.IsTriggered(definition))
        {
            return new[] { definition.Name + ".service" };
        }

        var units = new List<string>();
        if (definition.Schedule is not null)
        {
            units.Add(definition.Name + ".timer");
        }

        units.AddRange(definition.Sockets.Select((s, i) => i == 0 ? definition.Name + ".socket" : $"{definition.Name}-{s.Name}.socket"));
        if (definition.Watch is not null)
        {
            units.Add(definition.Name + ".path");
        }

        return units;
    }

    /// <summary>The unit systemd-xdg-autostart-generator makes of NAME.desktop: app-ESCAPED@autostart.service.</summary>
    public static string AutostartUnit(string name)
    {
        var builder = new StringBuilder("app-");
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var plain = char.IsLetterOrDigit(c) && c < 128 || c is ':' or '_' || (c == '.' && i > 0);
            builder.Append(plain ? c.ToString() : $"\\x{(int)c:x2}");
        }

        return builder.Append("@autostart.service").ToString();
    }

    public bool IsSameJob(BackgroundJobDefinition installed, BackgroundJobDefinition declared) =>
        JobIdentity.Same(installed, declared, _layout.CurrentUser.Name, StringComparison.Ordinal);
}
