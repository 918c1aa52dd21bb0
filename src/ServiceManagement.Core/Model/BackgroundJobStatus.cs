namespace ServiceManagement.Model;

/// <summary>What a job is doing right now, as its job manager (and, where it has no figures, the process table) reports it.</summary>
public sealed record BackgroundJobStatus(string Name, JobState State)
{
    /// <summary>The job's kind, scope and user, so that a status names which of several same-named jobs it is.</summary>
    public JobKind? Kind { get; init; }

    public JobScope? Scope { get; init; }

    public string? User { get; init; }

    public int? ProcessId { get; init; }

    public int? LastExitCode { get; init; }

    /// <summary>How the last run ended, in words: <c>exited with 3 (failure)</c>, <c>killed by SIGKILL</c>, <c>never started</c>.</summary>
    public string? ExitReason { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When a scheduled job last ran.</summary>
    public DateTimeOffset? LastRunAt { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>
    /// The run state desired state compares (Running while the job or its trigger runs); null where it cannot be
    /// told. Filled from the rest by <see cref="Platforms.RunStates.Actual"/>.
    /// </summary>
    public RunState? RunState { get; init; }

    /// <summary>
    /// True when the manager runs the job from a definition older than its files (systemd's NeedDaemonReload): what
    /// runs is not what the files say until the manager reloads and the job restarts.
    /// </summary>
    public bool? DefinitionChanged { get; init; }

    /// <summary>True when the job's manager is not running (its user is not logged in, a machine image): the job cannot run until it does.</summary>
    public bool ManagerDown { get; init; }

    /// <summary>Whether the job's trigger (its timer or socket) is armed; null for a job without one, or where the manager cannot say.</summary>
    public bool? TriggerActive { get; init; }

    /// <summary>Resident memory: of the job's whole control group where the manager accounts for it, else of its main process.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>CPU time used: by the whole job where the manager accounts for it, else by its main process.</summary>
    public TimeSpan? CpuTime { get; init; }

    /// <summary>Tasks (threads) of the job, or of its main process.</summary>
    public int? TaskCount { get; init; }

    /// <summary>True when the process is shared with other jobs (a Windows service in svchost), so its figures are not the job's alone.</summary>
    public bool? SharedProcess { get; init; }

    /// <summary>How often the job manager has restarted the job since it was started.</summary>
    public int? RestartCount { get; init; }

    /// <summary>
    /// Why the job cannot be in another state whatever its manager is told, where something besides the manager
    /// decides it: <c>disallowed in Login Items</c> (macOS Background Task Management).
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>The job manager's own words for the state, such as <c>activating (start-pre)</c>.</summary>
    public string? NativeState { get; init; }
}
