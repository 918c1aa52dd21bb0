using ServiceManagement.Model;

namespace ServiceManagement.Platforms;

/// <summary>What can be done to installed jobs through their job manager.</summary>
public enum JobAction
{
    Start,
    Stop,
    Restart,
    Enable,
    Disable,
}

/// <summary>How <see cref="IPlatform.Write"/> behaves.</summary>
public sealed record WriteOptions
{
    /// <summary>Start (or restart, when their files changed) the jobs written.</summary>
    public bool Start { get; init; }

    /// <summary>Replace jobs that exist but were not created by ServiceManagement.</summary>
    public bool Force { get; init; }

    /// <summary>Keep user managers running without a login (systemd lingering) for user agents.</summary>
    public bool Linger { get; init; }
}

/// <summary>What a write or a removal changed on disk, and what it could not do yet.</summary>
public sealed record ChangeResult(IReadOnlyList<string> ChangedFiles)
{
    /// <summary>Things the user should know: a job that starts only at the next login, and the like.</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();
}

/// <summary>One operating system's job managers behind one interface: inventory, status, writes and control.</summary>
public interface IPlatform
{
    TargetOperatingSystem OperatingSystem { get; }

    /// <summary>Every job on the machine that matches, whoever created it.</summary>
    IReadOnlyList<InstalledJob> GetJobs(JobQuery query);

    /// <summary>Status of many jobs, gathered in as few calls to the job manager as possible.</summary>
    IReadOnlyList<BackgroundJobStatus> GetStatus(IReadOnlyList<InstalledJob> jobs);

    /// <summary>The native files a definition becomes on this platform.</summary>
    IReadOnlyList<NativeFile> Render(BackgroundJobDefinition definition);

    /// <summary>Creates or replaces jobs: validates all first, writes files, reloads once per manager, sets enablement.</summary>
    ChangeResult Write(IReadOnlyList<BackgroundJobDefinition> definitions, WriteOptions options);

    /// <summary>Stops, disables and deletes jobs; jobs we did not create need <paramref name="force"/>.</summary>
    ChangeResult Remove(IReadOnlyList<InstalledJob> jobs, bool force);

    void Control(IReadOnlyList<InstalledJob> jobs, JobAction action);
}
