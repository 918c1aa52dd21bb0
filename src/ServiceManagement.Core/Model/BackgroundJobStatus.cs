namespace ServiceManagement.Model;

/// <summary>What a job is doing right now, as its job manager reports it.</summary>
public sealed record BackgroundJobStatus(string Name, JobState State)
{
    public int? ProcessId { get; init; }

    public int? LastExitCode { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    public long? MemoryBytes { get; init; }

    public TimeSpan? CpuTime { get; init; }

    /// <summary>How often the job manager has restarted the job since it was started.</summary>
    public int? RestartCount { get; init; }

    /// <summary>The job manager's own words for the state, such as <c>activating (start-pre)</c>.</summary>
    public string? NativeState { get; init; }
}
