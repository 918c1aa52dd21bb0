using System.Globalization;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// A job's status from its units' properties, in the text <c>systemctl show --timestamp=unix</c> prints them
/// (the D-Bus path turns its values into the same text, so one reading serves both).
/// </summary>
internal static class SystemdStatus
{
    /// <summary>The properties a status reads.</summary>
    public static readonly string[] Properties =
    {
        "Id", "LoadState", "ActiveState", "SubState", "Result", "MainPID", "ExecMainCode", "ExecMainStatus", "MemoryCurrent",
        "CPUUsageNSec", "TasksCurrent", "ActiveEnterTimestamp", "NRestarts", "NextElapseUSecRealtime", "NextElapseUSecMonotonic",
        "LastTriggerUSec", "LastTriggerUSecMonotonic", "NeedDaemonReload",
    };

    /// <summary>
    /// A job's status from its units' properties: the service's state, with the timer's next run.
    /// Transitional states keep their meaning: activating (including waiting to restart) is Starting,
    /// deactivating is Stopping, reloading is Reloading.
    /// </summary>
    /// <summary>A unit's state from its LoadState and ActiveState (as systemctl show and the bus's properties give them).</summary>
    public static JobState StateOf(string? load, string? active) => (load, active) switch
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

    /// <summary>
    /// Whether a unit's last run tells about the job: not when the unit is masked or has lost its file and
    /// does not run — it cannot run as it was, and what an earlier definition's run left behind (its exit,
    /// its restarts, its triggers) is not the job's. Such a unit reports its state alone, whichever way its
    /// properties were read; the bus does not ask for the rest (<see cref="SystemdBus"/>).
    /// </summary>
    internal static bool HasRunAsDefined(string? load, string? active) => !(active == "inactive" && load is "masked" or "not-found");

    public static BackgroundJobStatus ToStatus(string name, IReadOnlyDictionary<string, string>? service, IReadOnlyDictionary<string, string>? timer, Clock clock)
    {
        string? Get(IReadOnlyDictionary<string, string>? properties, string key) =>
            properties is not null && properties.TryGetValue(key, out var value) && value.Length > 0 && value != "[not set]" ? value : null;

        var load = Get(service, "LoadState");
        var active = Get(service, "ActiveState");
        var sub = Get(service, "SubState");
        var state = StateOf(load, active);
        service = HasRunAsDefined(load, active) ? service : null;
        timer = HasRunAsDefined(Get(timer, "LoadState"), Get(timer, "ActiveState")) ? timer : null;

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
            DefinitionChanged = Get(service, "NeedDaemonReload") == "yes" || Get(timer, "NeedDaemonReload") == "yes" ? true : null,
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
}
