using ServiceManagement.Model;

namespace ServiceManagement.Validation;

/// <summary>How well a platform can express a property.</summary>
public enum SupportLevel
{
    /// <summary>The platform has a setting that means the same thing.</summary>
    Native,

    /// <summary>Approximated with other settings; the note says how it differs (a warning).</summary>
    Emulated,

    /// <summary>Accepted but has no effect on this platform (a warning).</summary>
    Ignored,

    /// <summary>The platform cannot express it (an error).</summary>
    Unsupported,
}

/// <summary>One cell of the matrix: how <see cref="Platform"/> supports <see cref="Property"/>.</summary>
public sealed record SupportEntry(string Property, JobPlatform Platform, SupportLevel Level, string Note);

/// <summary>
/// The property × platform support matrix: the single source for validation's platform findings, for
/// <c>svcmgmt support</c> and for Get-BackgroundJobSupport. A row whose property has a qualifier
/// (<c>restart.policy: always</c>) applies only when the definition uses that value.
/// </summary>
public static class SupportMatrix
{
    private const SupportLevel N = SupportLevel.Native;
    private const SupportLevel E = SupportLevel.Emulated;
    private const SupportLevel I = SupportLevel.Ignored;
    private const SupportLevel U = SupportLevel.Unsupported;

    private static readonly (SupportLevel, string) NeverRestarted = (U, "login items are never restarted");

    /// <summary>Rows in display order; cells in <see cref="JobPlatform"/> order.</summary>
    private static readonly Row[] Rows =
    {
        new("program", d => d.Program is not null,
            (N, "ProgramArguments[0]"), (N, "ExecStart="), (N, "Exec="), (N, "ImagePath, always quoted"), (N, "Exec/Command"), (N, "the Run value's command line")),
        new("arguments", d => d.Arguments.Count > 0,
            (N, "ProgramArguments"), (N, "ExecStart= with systemd quoting"), (N, "Exec= with desktop-entry quoting"), (N, "ImagePath with CommandLineToArgvW quoting"), (N, "Exec/Arguments"), (N, "command line with CommandLineToArgvW quoting")),
        new("workingDirectory", d => d.WorkingDirectory is not null,
            (N, "WorkingDirectory"), (N, "WorkingDirectory="), (N, "Path="), (U, "services always start in %SystemRoot%\\System32"), (N, "Exec/WorkingDirectory"), (U, "Run values have no working directory")),
        new("environment", d => d.Environment.Count > 0,
            (N, "EnvironmentVariables"), (N, "Environment="), (E, "Exec= runs the program through env NAME=value"), (N, "the service key's Environment (REG_MULTI_SZ)"), (U, "task actions have no environment"), (U, "Run values have no environment")),
        new("environment.secret", d => d.SecretEnvironment.Count > 0,
            (E, "the plist is written 0600, but launchctl print shows a loaded job's environment to every local user"),
            (N, "a 0600 secrets file named by EnvironmentFile= (root's for daemons, the user's for agents); systemctl show gives only its path; not for agents of every user"),
            (E, "the autostart entry is written 0600 in the user's ~/.config/autostart; not for login items of every user"),
            (E, "the service key's Environment value, which every authenticated user can read"),
            (U, "task actions have no environment"), (U, "Run values have no environment")),
        new("runAs.user", d => d.RunAs?.User is not null,
            (N, "UserName"), (N, "User="), (U, "login items run as the user who logs in"), (N, "the service account, when runAs.account is not given"), (N, "the task principal, when runAs.account is not given"), (U, "login items run as the user who logs in")),
        new("runAs.group", d => d.RunAs?.Group is not null,
            (N, "GroupName"), (N, "Group="), (U, "login items run as the user who logs in"), (U, "a service runs with its account's groups"), (U, "a task runs with its principal's groups"), (U, "login items run as the user who logs in")),
        new("runAs.account", d => d.RunAs?.Account is not null,
            (I, "a Windows account; runAs.user applies here"), (I, "a Windows account; runAs.user applies here"), (U, "login items run as the user who logs in"), (N, "the service account (password never logged)"), (N, "the task principal"), (U, "login items run as the user who logs in")),
        new("description", d => d.Description is not null,
            (E, "kept in ServiceDescription, which launchd does not display"), (N, "Description="), (N, "Comment="), (N, "the service description"), (N, "RegistrationInfo/Description"), (I, "Run values have no description")),
        new("startupType", d => d.StartupType is not null,
            (N, "RunAtLoad and launchctl enable/disable"), (N, "systemctl enable/disable"), (N, "Hidden= and X-GNOME-Autostart-enabled="), (N, "the service start type"), (N, "the task's Enabled setting"), (N, "Explorer\\StartupApproved\\Run")),
        new("startupType: manual", d => d.StartupType == StartupType.Manual,
            (N, "loaded without RunAtLoad; started on request"), (N, "installed but not enabled"), (E, "a login item that does not start at login is disabled"), (N, "demand start"), (N, "registered without its automatic trigger"), (E, "a Run value that does not run at login is disabled")),
        new("restart.policy", d => d.Restart is { Policy: RestartCondition.OnFailure },
            (N, "KeepAlive { SuccessfulExit = false }"), (N, "Restart=on-failure"), NeverRestarted, (N, "failure actions"), (N, "RestartOnFailure"), NeverRestarted),
        new("restart.policy: always", d => d.Restart is { Policy: RestartCondition.Always },
            (N, "KeepAlive = true"), (N, "Restart=always"), NeverRestarted, (E, "failure actions with the failure-actions flag; an exit with code 0 is not restarted"), (E, "RestartOnFailure; an exit with code 0 is not restarted"), NeverRestarted),
        new("restart.delay", d => d.Restart?.Delay is not null,
            (E, "ThrottleInterval: launchd spaces starts at least this far apart"), (N, "RestartSec="), NeverRestarted, (N, "the restart action's delay"), (E, "RestartOnFailure Interval, at least one minute"), NeverRestarted),
        new("restart.throttle", d => d.Restart?.Throttle is not null,
            (I, "launchd never gives up restarting; it only spaces starts (restart.delay)"), (N, "StartLimitIntervalSec= and StartLimitBurst="), NeverRestarted, (E, "one restart action per allowed start, reset after the interval"), (N, "RestartOnFailure Count"), NeverRestarted),
        new("schedule.every", d => d.Schedule?.Every is not null,
            (N, "StartInterval"), (N, "<name>.timer with OnUnitActiveSec= and OnBootSec="), (U, "login items are never scheduled"), (U, "a scheduled daemon becomes a task running as SYSTEM"), (N, "a repetition trigger"), (U, "login items are never scheduled")),
        new("schedule.cron", d => d.Schedule?.Cron is not null,
            (N, "StartCalendarInterval, expanded to an array of dictionaries"), (N, "<name>.timer with OnCalendar= and Persistent=true"), (U, "login items are never scheduled"), (U, "a scheduled daemon becomes a task running as SYSTEM"), (E, "calendar triggers; lists and steps become several triggers"), (U, "login items are never scheduled")),
        new("standardOutputPath", d => d.StandardOutputPath is not null,
            (N, "StandardOutPath"), (N, "StandardOutput=append:"), (I, "a desktop entry cannot redirect output"), (I, "services have no standard output"), (I, "task actions cannot redirect output"), (I, "Run values cannot redirect output")),
        new("standardErrorPath", d => d.StandardErrorPath is not null,
            (N, "StandardErrorPath"), (N, "StandardError=append:"), (I, "a desktop entry cannot redirect output"), (I, "services have no standard error"), (I, "task actions cannot redirect output"), (I, "Run values cannot redirect output")),
        new("sockets", d => d.Sockets.Count > 0,
            (N, "Sockets"), (N, "<name>.socket"), (U, "desktop entries cannot listen"), (U, "the service control manager has no socket activation"), (U, "Task Scheduler has no socket activation"), (U, "Run values cannot listen")),
        new("sockets.accept", d => d.Sockets.Any(s => s.Accept),
            (N, "inetdCompatibility with Wait false"), (N, "Accept=yes on <name>.socket, the instances of <name>@.service with StandardInput=socket"), (U, "desktop entries cannot listen"), (U, "the service control manager has no socket activation"), (U, "Task Scheduler has no socket activation"), (U, "Run values cannot listen")),
        new("activation", d => d.Activation is not null,
            (N, "MachServices"), (N, "Type=dbus and BusName=, with the bus's service file (and, on the system bus, a policy to own the name)"), (U, "desktop entries cannot be activated by name"), (N, "a start trigger on the named pipe \\\\.\\pipe\\<name>, the service demand-started"), (U, "Task Scheduler has no activation by name"), (U, "Run values cannot be activated by name")),
        new("watch.paths", d => d.Watch?.Paths.Count > 0,
            (N, "WatchPaths"), (N, "<name>.path with PathChanged="), (U, "desktop entries cannot watch paths"), (U, "the service control manager has no file trigger"), (U, "Task Scheduler has no file trigger"), (U, "Run values cannot watch paths")),
        new("watch.queueDirectories", d => d.Watch?.QueueDirectories.Count > 0,
            (N, "QueueDirectories"), (N, "<name>.path with DirectoryNotEmpty="), (U, "desktop entries cannot watch paths"), (U, "the service control manager has no file trigger"), (U, "Task Scheduler has no file trigger"), (U, "Run values cannot watch paths")),
        new("dependencies", d => d.Dependencies.Count > 0,
            (U, "launchd has no start ordering"), (N, "Wants= and After="), (U, "autostart has no start ordering"), (N, "DependOnService"), (U, "Task Scheduler has no start ordering"), (U, "Run values have no start ordering")),
        new("resourceLimits.openFiles", d => d.ResourceLimits?.OpenFiles is not null,
            (N, "Soft/HardResourceLimits NumberOfFiles"), (N, "LimitNOFILE="), (U, "no limits for login items"), (U, "no per-service limits"), (U, "no per-task limits"), (U, "no limits for login items")),
        new("resourceLimits.processes", d => d.ResourceLimits?.Processes is not null,
            (N, "Soft/HardResourceLimits NumberOfProcesses"), (N, "LimitNPROC="), (U, "no limits for login items"), (U, "no per-service limits"), (U, "no per-task limits"), (U, "no limits for login items")),
        new("resourceLimits.memory", d => d.ResourceLimits?.MemoryBytes is not null,
            (U, "ResidentSetSize is not enforced by current macOS"), (N, "MemoryMax="), (U, "no limits for login items"), (U, "no per-service limits"), (U, "no per-task limits"), (U, "no limits for login items")),
        new("resourceLimits.cpuPercent", d => d.ResourceLimits?.CpuPercent is not null,
            (U, "launchd has no CPU quota"), (N, "CPUQuota="), (U, "no limits for login items"), (U, "no per-service limits"), (U, "no per-task limits"), (U, "no limits for login items")),
        new("resourceLimits.nice", d => d.ResourceLimits?.Nice is not null,
            (N, "Nice"), (N, "Nice="), (U, "no priority for login items"), (U, "no per-service priority"), (E, "the task Priority, 0 to 10"), (U, "no priority for login items")),
        new("sandbox", d => d.Sandbox is SandboxProfile.Basic or SandboxProfile.Strict,
            (U, "launchd has no supported sandbox profiles"), (N, "hardening directives that systemd-analyze security scores 4.5 (basic) and 1.4 (strict) for a plain daemon"), (U, "login items cannot be sandboxed"), (E, "strict: a restricted service SID and SeChangeNotifyPrivilege alone; basic: an unrestricted service SID, to grant access to"), (U, "no task sandbox profiles"), (U, "login items cannot be sandboxed")),
        new("sandbox.network", d => d.Confinement?.Network is not null,
            (U, "launchd cannot take a job's network away"), (N, "none: PrivateNetwork, AF_UNIX only, IPAddressDeny=any; local: IPAddressDeny=any, IPAddressAllow=localhost"), (U, "login items cannot be sandboxed"), (U, "not built: Windows Filtering Platform rules per service SID"), (U, "no task sandbox"), (U, "login items cannot be sandboxed")),
        new("sandbox.filesystem", d => d.Confinement is { } c && (c.ReadOnlyFileSystem || c.WritablePaths.Count > 0 || c.HiddenPaths.Count > 0),
            (U, "launchd has no per-job file-system view"), (N, "ProtectSystem=strict, ReadWritePaths=, InaccessiblePaths="), (U, "login items cannot be sandboxed"), (U, "not built: a restricted service SID with file ACLs"), (U, "no task sandbox"), (U, "login items cannot be sandboxed")),
        new("sandbox.devices", d => d.Confinement is { NoDevices: true },
            (U, "launchd cannot hide devices"), (N, "PrivateDevices=yes, DevicePolicy=closed"), (U, "login items cannot be sandboxed"), (U, "no per-service device view"), (U, "no task sandbox"), (U, "login items cannot be sandboxed")),
        new("sandbox.privileges", d => d.Confinement?.Privileges is { Count: > 0 },
            (U, "launchd has no capability sets"), (N, "CapabilityBoundingSet= and AmbientCapabilities="), (U, "login items cannot be sandboxed"), (U, "Linux capabilities have no Windows privileges of the same meaning"), (U, "no task sandbox"), (U, "login items cannot be sandboxed")),
        new("sandbox.privileges: none", d => d.Confinement?.Privileges is { Count: 0 },
            (U, "launchd has no capability sets"), (N, "an empty CapabilityBoundingSet="), (U, "login items cannot be sandboxed"), (N, "RequiredPrivileges: SeChangeNotifyPrivilege alone"), (U, "no task sandbox"), (U, "login items cannot be sandboxed")),
        new("sandbox.user", d => d.Confinement is { DynamicUser: true },
            (U, "launchd has no throwaway accounts"), (N, "DynamicUser=yes"), (U, "login items run as the user who logs in"), (U, "not built: the virtual account NT SERVICE\\name (runAs.account does it by hand)"), (U, "no throwaway task accounts"), (U, "login items run as the user who logs in")),
    };

    private static IReadOnlyList<SupportEntry>? entries;

    /// <summary>Every cell, row by row.</summary>
    /// <remarks>Listed when first asked for: validation, which every command runs, reads the rows alone.</remarks>
    public static IReadOnlyList<SupportEntry> Entries =>
        entries ??= Rows.SelectMany(r => r.Cells.Select((c, i) => new SupportEntry(r.Property, (JobPlatform)i, c.Level, c.Note))).ToList();

    /// <summary>The properties in display order.</summary>
    public static IReadOnlyList<string> Properties => Rows.Select(r => r.Property).ToList();

    /// <summary>The cells whose property matches any of <paramref name="properties"/> (wildcards) and whose platform is listed; null means all.</summary>
    public static IEnumerable<SupportEntry> Find(IEnumerable<string>? properties, IEnumerable<JobPlatform>? platforms)
    {
        var wanted = platforms?.ToList();
        return Entries.Where(e => Text.Wildcard.MatchesAny(properties, e.Property) && (wanted is null || wanted.Count == 0 || wanted.Contains(e.Platform)));
    }

    /// <summary>The cells of <paramref name="platform"/> whose property <paramref name="definition"/> uses.</summary>
    public static IEnumerable<SupportEntry> UsedBy(BackgroundJobDefinition definition, JobPlatform platform)
    {
        foreach (var row in Rows)
        {
            if (row.IsUsedBy(definition))
            {
                yield return new SupportEntry(row.Property, platform, row.Cells[(int)platform].Level, row.Cells[(int)platform].Note);
            }
        }
    }

    private sealed class Row
    {
        private static readonly int PlatformCount = Enum.GetNames(typeof(JobPlatform)).Length;

        public Row(string property, Func<BackgroundJobDefinition, bool> isUsedBy, params (SupportLevel Level, string Note)[] cells)
        {
            if (cells.Length != PlatformCount)
            {
                throw new ArgumentException($"The row '{property}' needs one cell per platform.", nameof(cells));
            }

            Property = property;
            IsUsedBy = isUsedBy;
            Cells = cells;
        }

        public string Property { get; }

        public Func<BackgroundJobDefinition, bool> IsUsedBy { get; }

        public (SupportLevel Level, string Note)[] Cells { get; }
    }
}
