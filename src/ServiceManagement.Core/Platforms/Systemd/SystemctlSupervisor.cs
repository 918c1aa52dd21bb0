using System.Globalization;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// Talks to systemd managers through systemctl. The system manager directly; the caller's own user
/// manager with <c>--user</c>; another user's (as root) by running systemctl as that user with
/// <c>runuser</c> and XDG_RUNTIME_DIR pointing at the manager, which needs no system bus or logind
/// (<c>--machine=USER@</c> does); units for every user with <c>--global</c>.
/// </summary>
public sealed class SystemctlSupervisor
{
    public static readonly string[] StatusProperties =
    {
        "Id", "LoadState", "ActiveState", "SubState", "Result", "MainPID", "ExecMainCode", "ExecMainStatus", "MemoryCurrent",
        "CPUUsageNSec", "TasksCurrent", "ActiveEnterTimestamp", "NRestarts", "NextElapseUSecRealtime", "NextElapseUSecMonotonic",
        "LastTriggerUSec", "LastTriggerUSecMonotonic",
    };

    private readonly ICommandRunner _runner;
    private readonly LinuxLayout _layout;

    public SystemctlSupervisor(ICommandRunner runner, LinuxLayout layout)
    {
        _runner = runner;
        _layout = layout;
    }

    /// <summary>The systemctl command line that addresses <paramref name="manager"/>.</summary>
    public CommandLine Systemctl(SystemdManager manager, params string[] arguments)
    {
        if (manager.IsGlobal)
        {
            return new CommandLine("systemctl", new[] { "--global" }.Concat(arguments).ToList());
        }

        if (manager.User is not { } user)
        {
            return new CommandLine("systemctl", arguments);
        }

        if (user.Id == _layout.CurrentUser.Id)
        {
            return new CommandLine("systemctl", new[] { "--user" }.Concat(arguments).ToList());
        }

        if (!_layout.IsRoot)
        {
            throw new PermissionDeniedException($"Only root can manage another user's jobs ({user.Name}).");
        }

        return new CommandLine("runuser", new[] { "-u", user.Name, "--", "env", $"XDG_RUNTIME_DIR={RuntimeDirectory(user)}", "systemctl", "--user" }.Concat(arguments).ToList());
    }

    /// <summary>
    /// True when the manager can be talked to now: the system's when systemd booted the machine (as
    /// sd_booted(3) tells, by /run/systemd/system), a user's when their manager has its runtime directory.
    /// </summary>
    public bool IsRunning(SystemdManager manager) =>
        Directory.Exists(_layout.PathOf(manager.User is { } user ? Path.Combine(RuntimeDirectory(user), "systemd") : "/run/systemd/system"));

    /// <summary>Fails with a message that says what to do when a user's manager is not running.</summary>
    public void RequireRunning(SystemdManager manager, bool linger)
    {
        if (IsRunning(manager))
        {
            return;
        }

        if (linger && manager.User is { } lingering)
        {
            Run(new CommandLine("loginctl", new[] { "enable-linger", lingering.Name }), "enable lingering for " + lingering.Name);
            Run(Systemctl(SystemdManager.System, "start", $"user@{lingering.Id.ToString(CultureInfo.InvariantCulture)}.service"), "start the user manager of " + lingering.Name);
            return;
        }

        if (manager.User is not { } user)
        {
            throw new PlatformException("systemd is not running on this machine (it was not booted with systemd as PID 1), so jobs cannot be started, stopped or reloaded.");
        }

        throw new PlatformException(
            $"{user.Name} has no running systemd user manager (the user is not logged in and lingering is off), so the agent cannot run now. " +
            $"It starts at {user.Name}'s next login; to run it without a login, enable lingering (loginctl enable-linger {user.Name}, or the Linger option).");
    }

    public void Reload(SystemdManager manager)
    {
        if (!manager.IsGlobal && IsRunning(manager))
        {
            Run(Systemctl(manager, "daemon-reload"), "reload");
        }
    }

    /// <summary>
    /// Runs one verb on many units in one call. Stopping or disabling something that is not loaded
    /// counts as done: the state asked for holds.
    /// </summary>
    public void Apply(SystemdManager manager, string verb, IReadOnlyList<string> units, bool now = false)
    {
        if (units.Count == 0)
        {
            return;
        }

        var arguments = new List<string> { verb };
        if (now)
        {
            arguments.Add("--now");
        }

        arguments.Add("--");
        arguments.AddRange(units);
        var command = Systemctl(manager, arguments.ToArray());
        var result = _runner.Run(command);
        if (result.Succeeded || (verb is "stop" or "disable" && IsNotLoaded(result.StandardError)))
        {
            return;
        }

        throw Failure(command, result, $"{verb} {Describe(units)}");
    }

    /// <summary>
    /// Enables or disables system units without a running systemd: <c>systemctl --root</c> only makes
    /// or removes the [Install] links.
    /// </summary>
    public void ApplyOffline(string verb, IReadOnlyList<string> units)
    {
        if (units.Count == 0)
        {
            return;
        }

        var command = new CommandLine("systemctl", new[] { "--root=" + _layout.PathOf("/"), verb, "--" }.Concat(units).ToList());
        var result = _runner.Run(command);
        if (!result.Succeeded && !(verb == "disable" && IsNotLoaded(result.StandardError)))
        {
            throw Failure(command, result, $"{verb} {Describe(units)} offline");
        }
    }

    /// <summary>Properties of many units from one <c>systemctl show</c>, by unit name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Show(SystemdManager manager, IReadOnlyList<string> units)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (units.Count == 0)
        {
            return result;
        }

        var arguments = new List<string> { "show", "--timestamp=unix", "--property=" + string.Join(",", StatusProperties), "--" };
        arguments.AddRange(units);
        var command = Systemctl(manager, arguments.ToArray());
        var output = _runner.Run(command);
        if (!output.Succeeded)
        {
            throw Failure(command, output, "read the status of " + Describe(units));
        }

        foreach (var block in output.StandardOutput.Replace("\r\n", "\n").Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries))
        {
            var properties = block.Split('\n')
                .Select(line => line.Split(new[] { '=' }, 2))
                .Where(parts => parts.Length == 2)
                .GroupBy(parts => parts[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
            if (properties.TryGetValue("Id", out var id))
            {
                result[id] = properties;
            }
        }

        return result;
    }

    /// <summary>Load, active and sub state of every unit the manager has loaded, from one <c>systemctl list-units --all</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ListUnits(SystemdManager manager)
    {
        var command = Systemctl(manager, "list-units", "--all", "--plain", "--no-legend", "--no-pager", "--full");
        var output = _runner.Run(command);
        if (!output.Succeeded)
        {
            throw Failure(command, output, "list the loaded units");
        }

        var units = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var line in output.StandardOutput.Split('\n'))
        {
            var fields = line.Split(new[] { ' ' }, 5, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 4)
            {
                units[fields[0]] = new Dictionary<string, string> { ["LoadState"] = fields[1], ["ActiveState"] = fields[2], ["SubState"] = fields[3] };
            }
        }

        return units;
    }

    /// <summary>
    /// A job's status from its units' properties: the service's state, with the timer's next run.
    /// Transitional states keep their meaning: activating (including waiting to restart) is Starting,
    /// deactivating is Stopping, reloading is Reloading.
    /// </summary>
    public static BackgroundJobStatus ToStatus(string name, IReadOnlyDictionary<string, string>? service, IReadOnlyDictionary<string, string>? timer, Clock clock)
    {
        string? Get(IReadOnlyDictionary<string, string>? properties, string key) =>
            properties is not null && properties.TryGetValue(key, out var value) && value.Length > 0 && value != "[not set]" ? value : null;

        var load = Get(service, "LoadState");
        var active = Get(service, "ActiveState");
        var sub = Get(service, "SubState");
        var state = (load, active) switch
        {
            ("masked", _) => JobState.Disabled,
            ("not-found", _) or (null, _) => JobState.NotLoaded,
            (_, "active") => JobState.Running,
            (_, "reloading") => JobState.Reloading,
            (_, "activating") => JobState.Starting,
            (_, "deactivating") => JobState.Stopping,
            (_, "failed") => JobState.Failed,
            (_, "inactive") => JobState.Stopped,
            _ => JobState.Unknown,
        };

        var pid = int.TryParse(Get(service, "MainPID"), NumberStyles.None, CultureInfo.InvariantCulture, out var mainPid) && mainPid > 0 ? mainPid : (int?)null;
        var code = Get(service, "ExecMainCode");
        int? exitStatus = int.TryParse(Get(service, "ExecMainStatus"), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null;
        int? exitCode = code == "1" ? exitStatus : null;
        return new BackgroundJobStatus(name, state)
        {
            ProcessId = pid,
            LastExitCode = exitCode,
            ExitReason = ExitReason(code, exitStatus, Get(service, "Result")),
            // systemd 252 prints LastTriggerUSec as a local date whatever --timestamp says; its monotonic twin is exact.
            LastRunAt = Timestamp(Get(timer, "LastTriggerUSec")) ?? FromMonotonic(Get(timer, "LastTriggerUSecMonotonic"), clock),
            TaskCount = int.TryParse(Get(service, "TasksCurrent"), NumberStyles.None, CultureInfo.InvariantCulture, out var tasks) ? tasks : null,
            StartedAt = state is JobState.Running or JobState.Reloading or JobState.Stopping ? Timestamp(Get(service, "ActiveEnterTimestamp")) : null,
            NextRunAt = Timestamp(Get(timer, "NextElapseUSecRealtime")) ?? FromMonotonic(Get(timer, "NextElapseUSecMonotonic"), clock),
            MemoryBytes = long.TryParse(Get(service, "MemoryCurrent"), NumberStyles.None, CultureInfo.InvariantCulture, out var memory) && memory >= 0 && memory != long.MaxValue ? memory : null,
            CpuTime = ulong.TryParse(Get(service, "CPUUsageNSec"), NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds) && nanoseconds < ulong.MaxValue ? TimeSpan.FromTicks((long)(nanoseconds / 100)) : null,
            RestartCount = int.TryParse(Get(service, "NRestarts"), NumberStyles.None, CultureInfo.InvariantCulture, out var restarts) ? restarts : null,
            NativeState = active is null ? load : sub is null ? active : $"{active} ({sub})",
        };
    }

    /// <summary>
    /// The end of the main process's last run in words, from waitid's code (CLD_EXITED 1, CLD_KILLED 2,
    /// CLD_DUMPED 3) and status, with systemd's result when it is not the plain one (a timeout, a watchdog).
    /// </summary>
    private static string? ExitReason(string? code, int? status, string? result)
    {
        var ended = (code, status) switch
        {
            ("1", 0) => "exited with 0 (success)",
            ("1", { } exit) => $"exited with {exit.ToString(CultureInfo.InvariantCulture)} ({ExitCodeMeaning(exit)})",
            ("2", { } signal) => "killed by " + SignalName(signal),
            ("3", { } signal) => $"dumped core ({SignalName(signal)})",
            _ => null,
        };
        return result is null or "success" or "exit-code" or "signal" or "core-dump" ? ended : ended is null ? result : $"{ended}; {result}";
    }

    /// <summary>The meaning systemd.exec(5) gives an exit status: the LSB codes, and systemd's own 200–243 for a setup step that failed.</summary>
    private static string ExitCodeMeaning(int code) => code switch
    {
        1 => "failure",
        2 => "invalid argument",
        3 => "not implemented",
        4 => "insufficient privilege",
        5 => "not installed",
        6 => "not configured",
        7 => "not running",
        126 => "not executable",
        127 => "program not found",
        200 => "CHDIR: working directory",
        203 => "EXEC: program could not be run",
        209 => "STDOUT: output could not be set up",
        217 => "USER: user could not be found",
        216 => "GROUP: group could not be found",
        >= 200 and <= 243 => "systemd could not set up the process",
        _ => "failure",
    };

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => "signal " + signal.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A monotonic elapse time (time since boot) as wall-clock time, by its distance from the monotonic now.</summary>
    private static DateTimeOffset? FromMonotonic(string? text, Clock clock) =>
        text is not null && SystemdTime.TryParseMicroseconds(text, out var microseconds) && microseconds > 0
            ? clock.Now + (TimeSpan.FromTicks(microseconds * 10) - clock.Monotonic)
            : null;

    private static DateTimeOffset? Timestamp(string? text) =>
        text is not null && text.StartsWith("@", StringComparison.Ordinal) && long.TryParse(text.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string Describe(IReadOnlyList<string> units) =>
        units.Count <= 3 ? string.Join(" ", units) : $"{string.Join(" ", units.Take(3))} and {units.Count - 3} more units";

    private static string RuntimeDirectory(PosixUser user) => "/run/user/" + user.Id.ToString(CultureInfo.InvariantCulture);

    private void Run(CommandLine command, string what)
    {
        var result = _runner.Run(command);
        if (!result.Succeeded)
        {
            throw Failure(command, result, what);
        }
    }

    private static bool IsNotLoaded(string error) =>
        error.Contains("not loaded") || error.Contains("does not exist") || error.Contains("not found");

    private static ServiceManagementException Failure(CommandLine command, CommandResult result, string what)
    {
        var detail = (result.StandardError.Trim().Length > 0 ? result.StandardError : result.StandardOutput).Trim();
        var message = $"Could not {what}: {command.Program} exited with {result.ExitCode}: {detail}";
        return detail.IndexOf("Access denied", StringComparison.OrdinalIgnoreCase) >= 0 || detail.IndexOf("Interactive authentication required", StringComparison.OrdinalIgnoreCase) >= 0
            ? new PermissionDeniedException(message)
            : new PlatformException(message);
    }
}
