using System.Text;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Platforms.Xdg;
using ServiceManagement.Processes;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Linux;

/// <summary>
/// Linux: daemons and agents are systemd units, login items XDG autostart entries. Every change is
/// batched per manager: one daemon-reload, one enable, one disable, one start per manager and batch.
/// </summary>
public sealed class LinuxPlatform : IPlatform
{
    private readonly LinuxLayout _layout;
    private readonly SystemdStore _units;
    private readonly AutostartStore _autostart;
    private readonly SystemctlSupervisor _systemctl;

    public LinuxPlatform(LinuxLayout layout, ICommandRunner runner)
    {
        _layout = layout;
        _units = new SystemdStore(layout);
        _autostart = new AutostartStore(layout);
        _systemctl = new SystemctlSupervisor(runner, layout);
    }

    public TargetOperatingSystem OperatingSystem => TargetOperatingSystem.Linux;

    public IReadOnlyList<InstalledJob> GetJobs(JobQuery query) =>
        _units.Inventory().Concat(_autostart.Inventory()).Where(j => query.Matches(j.Definition)).ToList();

    public IReadOnlyList<NativeFile> Render(BackgroundJobDefinition definition) =>
        definition.Kind == JobKind.LoginItem ? new[] { DesktopEntryTranslator.Render(definition) } : SystemdTranslator.Render(definition);

    public IReadOnlyList<BackgroundJobStatus> GetStatus(IReadOnlyList<InstalledJob> jobs)
    {
        var statuses = new BackgroundJobStatus?[jobs.Count];
        foreach (var group in jobs.Select((job, index) => (job, index)).GroupBy(j => StatusManager(j.job.Definition)))
        {
            var manager = group.Key;
            if (manager is null || manager.IsGlobal || !_systemctl.IsRunning(manager))
            {
                var (state, why) = manager switch
                {
                    null or { IsGlobal: true } => (JobState.Unknown, "runs in each user's session"),
                    { User: null } => (JobState.Unknown, "systemd is not running"),
                    _ => (JobState.NotLoaded, "user manager not running"),
                };
                foreach (var (job, index) in group)
                {
                    statuses[index] = new BackgroundJobStatus(job.Definition.Name, job.Masked ? JobState.Disabled : state) { NativeState = why };
                }

                continue;
            }

            // A template has no state of its own; its instances do.
            foreach (var (job, index) in group.Where(j => IsTemplate(j.job)))
            {
                statuses[index] = new BackgroundJobStatus(job.Definition.Name, JobState.Unknown) { NativeState = "template (runs as instances)" };
            }

            var live = group.Where(j => !IsTemplate(j.job)).ToList();
            var units = live.SelectMany(j => StatusUnits(j.job)).Distinct(StringComparer.Ordinal).ToList();
            var properties = _systemctl.Show(manager, units);
            var clock = Clock.System;
            foreach (var (job, index) in live)
            {
                var mine = StatusUnits(job);
                properties.TryGetValue(mine[0], out var main);
                var timer = mine.Count > 1 && mine[1].EndsWith(".timer", StringComparison.Ordinal) && properties.TryGetValue(mine[1], out var t) ? t : null;
                statuses[index] = SystemctlSupervisor.ToStatus(job.Definition.Name, main, timer, clock);
            }
        }

        return statuses.Select(s => s!).ToList();
    }

    public ChangeResult Write(IReadOnlyList<BackgroundJobDefinition> definitions, WriteOptions options)
    {
        var findings = DefinitionValidator.ValidateAll(definitions, TargetOperatingSystem.Linux);
        if (findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            throw new InvalidDefinitionException(findings);
        }

        var existing = GetJobs(new JobQuery { Names = definitions.Select(d => EscapeWildcards(d.Name)).ToList() });
        var plans = definitions.Select(d => (Definition: d, Existing: existing.FirstOrDefault(j => IsSameJob(j.Definition, d)))).ToList();
        foreach (var (definition, job) in plans)
        {
            if (job is { Definition.Managed: false } && !options.Force)
            {
                throw new JobNotManagedException(definition.Name, job.Files.FirstOrDefault() ?? definition.Name);
            }
        }

        var changed = new List<string>();
        var notes = new List<string>();
        var touched = new List<(BackgroundJobDefinition Definition, SystemdManager Manager, bool Changed)>();
        foreach (var (definition, job) in plans)
        {
            var files = Render(definition);
            if (definition.Kind == JobKind.LoginItem)
            {
                var user = definition.Scope == JobScope.User ? _layout.User(definition.User) : null;
                changed.AddRange(_autostart.Write(files[0], definition.Scope, user, definition.SecretEnvironment.Count > 0));
                notes.Add($"{definition.Name} starts at {(user is null ? "each user's" : user.Name + "'s")} next login.");
                continue;
            }

            var manager = Manager(definition);
            var written = _units.Write(manager, files, job, definition.SecretEnvironment.Count > 0);
            changed.AddRange(written);
            touched.Add((definition, manager, written.Count > 0 || job?.Definition.StartupType != (definition.StartupType ?? StartupType.Automatic)));
        }

        foreach (var group in touched.GroupBy(t => t.Manager))
        {
            var manager = group.Key;
            if (!manager.IsGlobal && !_systemctl.IsRunning(manager))
            {
                if (options.Start || options.Linger)
                {
                    _systemctl.RequireRunning(manager, options.Linger);
                }
                else
                {
                    notes.Add(manager.User is { } user
                        ? $"The user manager of {user.Name} is not running; the agents load at the next login."
                        : "systemd is not running; the units were written and load when it starts (enable them then).");
                    continue;
                }
            }

            if (group.Any(t => t.Changed))
            {
                _systemctl.Reload(manager);
            }

            var enable = group.Where(t => t.Changed && (t.Definition.StartupType ?? StartupType.Automatic) == StartupType.Automatic).SelectMany(t => InstallUnits(t.Definition)).ToList();
            var disable = group.Where(t => t.Changed && t.Definition.StartupType is StartupType.Manual or StartupType.Disabled).SelectMany(t => InstallUnits(t.Definition)).ToList();
            _systemctl.Apply(manager, "enable", enable);
            _systemctl.Apply(manager, "disable", disable, now: group.Any(t => t.Definition.StartupType == StartupType.Disabled) && !manager.IsGlobal);
            if (options.Start && !manager.IsGlobal)
            {
                _systemctl.Apply(manager, "restart", group.Where(t => t.Changed && t.Definition.StartupType != StartupType.Disabled).SelectMany(t => InstallUnits(t.Definition)).ToList());
            }
        }

        return new ChangeResult(changed) { Notes = notes };
    }

    public ChangeResult Remove(IReadOnlyList<InstalledJob> jobs, bool force)
    {
        foreach (var job in jobs.Where(j => !j.Definition.Managed && !force))
        {
            throw new JobNotManagedException(job.Definition.Name, job.Files.FirstOrDefault() ?? job.Definition.Name);
        }

        var deleted = new List<string>();
        foreach (var group in jobs.Where(j => j.Definition.Kind != JobKind.LoginItem).GroupBy(j => Manager(j.Definition)))
        {
            var manager = group.Key;
            var units = group.SelectMany(j => InstallUnits(j.Definition)).Concat(group.Select(j => j.Definition.Name + ".service")).Distinct(StringComparer.Ordinal).ToList();
            if (manager.IsGlobal || _systemctl.IsRunning(manager))
            {
                _systemctl.Apply(manager, "disable", units, now: !manager.IsGlobal);
            }

            foreach (var job in group)
            {
                deleted.AddRange(_units.Delete(job, manager));
            }

            _systemctl.Reload(manager);
        }

        foreach (var job in jobs.Where(j => j.Definition.Kind == JobKind.LoginItem))
        {
            deleted.AddRange(_autostart.Delete(job));
        }

        return new ChangeResult(deleted);
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
                _systemctl.RequireRunning(manager, linger: false);
            }

            var units = group.SelectMany(j => InstallUnits(j.Definition)).ToList();
            switch (action)
            {
                case JobAction.Enable:
                    _systemctl.Apply(manager, "enable", units);
                    break;
                case JobAction.Disable:
                    _systemctl.Apply(manager, "disable", units);
                    break;
                default:
                    _systemctl.Apply(manager, action.ToString().ToLowerInvariant(), units);
                    break;
            }
        }
    }

    private static bool IsTemplate(InstalledJob job) => job.Definition.Name.EndsWith("@", StringComparison.Ordinal);

    /// <summary>The manager that runs a job, or null for login items (their users' sessions do).</summary>
    private SystemdManager Manager(BackgroundJobDefinition definition) => definition switch
    {
        { Kind: JobKind.Daemon } => SystemdManager.System,
        { Scope: JobScope.System } => SystemdManager.Global,
        _ => SystemdManager.Of(_layout.User(definition.User)),
    };

    private SystemdManager? StatusManager(BackgroundJobDefinition definition) => definition switch
    {
        { Kind: JobKind.LoginItem, Scope: JobScope.User } => SystemdManager.Of(_layout.User(definition.User)),
        { Kind: JobKind.LoginItem } => null,
        _ => Manager(definition),
    };

    /// <summary>The units that carry a job's [Install] section: its timer, its sockets, or the service itself.</summary>
    private static IReadOnlyList<string> InstallUnits(BackgroundJobDefinition definition)
    {
        if (definition.Schedule is not null)
        {
            return new[] { definition.Name + ".timer" };
        }

        if (definition.Sockets.Count > 0)
        {
            return definition.Sockets.Select((s, i) => i == 0 ? definition.Name + ".socket" : $"{definition.Name}-{s.Name}.socket").ToList();
        }

        return new[] { definition.Name + ".service" };
    }

    /// <summary>The unit to read status from (first) and the timer whose next run to report.</summary>
    private static IReadOnlyList<string> StatusUnits(InstalledJob job) =>
        job.Definition.Kind == JobKind.LoginItem
            ? new[] { AutostartUnit(job.Definition.Name) }
            : job.Definition.Schedule is not null || job.Files.Any(f => f.EndsWith(".timer", StringComparison.Ordinal))
                ? new[] { job.Definition.Name + ".service", job.Definition.Name + ".timer" }
                : new[] { job.Definition.Name + ".service" };

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

    /// <summary>Same identity: name, kind, scope and, for user jobs, user (absent meaning the caller).</summary>
    private bool IsSameJob(BackgroundJobDefinition installed, BackgroundJobDefinition wanted) =>
        installed.Name == wanted.Name && installed.Kind == wanted.Kind && installed.Scope == wanted.Scope
        && (wanted.Scope == JobScope.System || (installed.User ?? _layout.CurrentUser.Name) == (wanted.User ?? _layout.CurrentUser.Name));

    private static string EscapeWildcards(string name) =>
        new string(name.SelectMany(c => c is '*' or '?' or '[' or ']' or '`' ? new[] { '`', c } : new[] { c }).ToArray());
}
