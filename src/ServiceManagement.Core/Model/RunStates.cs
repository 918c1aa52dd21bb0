namespace ServiceManagement.Model;

/// <summary>What the job manager is told to do to a job once its files are written.</summary>
public enum RunChange
{
    None,
    Start,
    Stop,
    Restart,
}

/// <summary>
/// The one start rule. Every front end reaches it: desired state (apply, Invoke-/Test-, both DSC resources)
/// through the plan, which decides a <see cref="RunChange"/> per job from the run state expected and the one
/// the manager reports; New-* -Start and Set -Start through the staged job (StagedJob.RunChangeFor), which asks for running.
/// A job is started only when its run state says running.
/// </summary>
internal static class RunStates
{
    /// <summary>
    /// The run state a declared job should be in: the one declared, else running for an automatic daemon or
    /// agent of one user (for a scheduled or socket-activated job: its trigger armed) and stopped for a disabled
    /// one. Nothing is expected — the manager is left to it — of a manual job, a login item (it runs at login),
    /// an agent of every user (it runs in each user's session) and a job exported from a machine (origin:
    /// machine describes files; its run state is whatever the machine had).
    /// </summary>
    public static RunState? Expected(BackgroundJobDefinition definition, RunState? declared)
    {
        if (declared is not null)
        {
            return declared;
        }

        if ((definition ?? throw new ArgumentNullException(nameof(definition))).Kind == JobKind.LoginItem
            || definition.Realm() == JobRealm.EveryUser
            || definition.Origin == JobOrigin.Machine)
        {
            return null;
        }

        return (definition.StartupType ?? StartupType.Automatic) switch
        {
            StartupType.Automatic => RunState.Running,
            StartupType.Disabled => RunState.Stopped,
            _ => null,
        };
    }

    /// <summary>Why a declared <c>state:</c> cannot apply to a job of this kind and scope; null when it can.</summary>
    public static string? Undeclarable(BackgroundJobDefinition definition) =>
        (definition ?? throw new ArgumentNullException(nameof(definition))).Kind == JobKind.LoginItem
            ? "A login item starts when its user logs in; it has no run state to declare."
            : definition.Realm() == JobRealm.EveryUser
                ? "An agent of every user runs in each user's session; it has no single run state to declare."
                : null;

    /// <summary>True when a scheduled, socket-activated, name-activated or path-watching job: its run state is its trigger's.</summary>
    public static bool IsTriggered(BackgroundJobDefinition definition) =>
        (definition ?? throw new ArgumentNullException(nameof(definition))).Schedule is not null || definition.Sockets.Count > 0 || definition.Watch is not null || definition.Activation is not null;

    /// <summary>
    /// The run state a status shows; null when it cannot tell (its manager is not running, or the state is unknown).
    /// A triggered job runs while its trigger is armed or its service runs.
    /// </summary>
    public static RunState? Actual(BackgroundJobStatus status, bool triggered)
    {
        if ((status ?? throw new ArgumentNullException(nameof(status))).ManagerDown || status.State == JobState.Unknown)
        {
            return null;
        }

        var running = status.State is JobState.Running or JobState.Starting or JobState.Reloading || (triggered && status.TriggerActive == true);
        return running ? RunState.Running : RunState.Stopped;
    }

    /// <summary>
    /// What the manager must do so that a job is in <paramref name="wanted"/> once its files are written:
    /// start or stop what is not as wanted; restart what runs and whose files change (it would otherwise go on
    /// running the old definition). A job whose state cannot be read (<paramref name="status"/> says its manager
    /// is down) is left to start when its manager does; a new job (no status) is started when wanted running.
    /// </summary>
    public static RunChange Change(RunState? wanted, BackgroundJobStatus? status, bool filesChange, bool triggered)
    {
        if (status is not null && Actual(status, triggered) is null)
        {
            return RunChange.None;
        }

        var running = status is not null && Actual(status, triggered) == RunState.Running;
        return wanted switch
        {
            RunState.Running => running ? (filesChange ? RunChange.Restart : RunChange.None) : RunChange.Start,
            RunState.Stopped => running ? RunChange.Stop : RunChange.None,
            _ => running && filesChange ? RunChange.Restart : RunChange.None,
        };
    }

    /// <summary>How a plan names a run state.</summary>
    public static string Name(RunState? state, BackgroundJobStatus? status) => state switch
    {
        RunState.Running => "running",
        RunState.Stopped => status?.State == JobState.Failed ? "stopped (failed)" : "stopped",
        _ => "(not checked)",
    };
}
