namespace ServiceManagement.Model;

/// <summary>
/// A job's state changing, as its manager announced it (systemd's signals) or, where the manager announces
/// nothing, as successive readings of its status showed it.
/// </summary>
public sealed record BackgroundJobEvent(DateTimeOffset Time, string Name, JobState From, JobState To)
{
    public JobKind? Kind { get; init; }

    public JobScope? Scope { get; init; }

    public string? User { get; init; }

    /// <summary>Why, in words, when the job stopped, failed or is restarting: how its last run ended (<c>killed by SIGKILL</c>).</summary>
    public string? Reason { get; init; }

    public int? ProcessId { get; init; }

    /// <summary>The exit code of the last run, when it exited rather than being killed.</summary>
    public int? ExitCode { get; init; }
}
