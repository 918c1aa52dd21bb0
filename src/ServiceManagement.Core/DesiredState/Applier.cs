using ServiceManagement.Configuration;
using ServiceManagement.Platforms;

namespace ServiceManagement.DesiredState;

public sealed record ApplyOptions
{
    public bool Prune { get; init; }

    public bool Force { get; init; }

    /// <summary>Plan under the lock and stop there: nothing is changed.</summary>
    public bool WhatIf { get; init; }

    /// <summary>How long to wait for another apply to finish.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Says who holds the lock, for whoever waits on it.</summary>
    public string Purpose { get; init; } = "apply";

    /// <summary>
    /// Asked with the plan, under the lock, before anything is changed; false leaves the machine as it is.
    /// What is approved is exactly what is applied: nobody can change the machine in between.
    /// </summary>
    public Func<Plan, bool>? Approve { get; init; }

    /// <summary>Told of each job as the apply reaches it, for a progress display.</summary>
    public Action<ApplyProgress>? Progress { get; init; }
}

/// <summary>Where an apply is: what it does now, and <see cref="Completed"/> of <see cref="Total"/> changing jobs done.</summary>
public sealed record ApplyProgress(string Activity, int Completed, int Total);

/// <summary>What an apply did: its plan, the files it changed, and, when a step failed, what it put back.</summary>
public sealed record ApplyResult(Plan Plan)
{
    public IReadOnlyList<string> ChangedFiles { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    /// <summary>The files restored to their previous bytes after <see cref="Error"/>.</summary>
    public IReadOnlyList<string> RolledBack { get; init; } = Array.Empty<string>();

    public Exception? Error { get; init; }

    public bool Succeeded => Error is null;
}

/// <summary>
/// Converges the machine to a configuration: under an exclusive lock, plans, writes every file, reloads
/// each manager once, and enables, starts or restarts only what changed. When a step fails every file
/// the apply touched is restored to its previous bytes and the managers are reloaded.
/// </summary>
public static class Applier
{
    public static ApplyResult Apply(IPlatform platform, IReadOnlyList<ConfigurationEntry> entries, ApplyOptions options)
    {
        if (platform is null || options is null)
        {
            throw new ArgumentNullException(platform is null ? nameof(platform) : nameof(options));
        }

        // The lock first: kept connections may read their manager at once (IPlatform.KeepConnections).
        using var held = ApplyLock.Acquire(platform.LockPath, options.LockTimeout, options.Purpose);
        using var connections = platform.KeepConnections();
        var plan = Planner.Create(platform, entries, new PlanOptions { Prune = options.Prune, Force = options.Force });
        if (options.WhatIf || plan.IsEmpty || options.Approve?.Invoke(plan) == false)
        {
            return new ApplyResult(plan);
        }

        // The platform commits the whole change in one step (files, one reload per manager, starts): progress
        // says so, rather than pretend to go job by job.
        var total = plan.Changes.Count();
        options.Progress?.Invoke(new ApplyProgress($"Writing {total} job(s), reloading and starting", 0, total));
        try
        {
            ApplyIntent.Record(platform, plan.Staged.Jobs.Where(j => j.Changes));
            var result = platform.Commit(plan.Staged);
            ApplyIntent.Clear(platform);
            options.Progress?.Invoke(new ApplyProgress("Applied", total, total));
            return new ApplyResult(plan) { ChangedFiles = result.ChangedFiles, Notes = result.Notes };
        }
        catch (Exception ex) when (ex is Errors.ServiceManagementException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            var restored = plan.Staged.Files.Where(f => f.IsChange).Select(f => f.Path).ToList();
            try
            {
                // Putting files back is not itself interrupted by the request to stop that ended the apply.
                Processes.Interruption.During(CancellationToken.None, () =>
                {
                    platform.Restore(plan.Staged);
                    return true;
                });
            }
            catch (Exception restoreError) when (restoreError is Errors.ServiceManagementException or IOException or UnauthorizedAccessException)
            {
                return new ApplyResult(plan) { Error = new AggregateException("The apply failed, and so did restoring its files.", ex, restoreError) };
            }

            return new ApplyResult(plan) { RolledBack = restored, Error = ex };
        }
    }
}
