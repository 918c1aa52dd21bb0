namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Get-BackgroundJobStatus: what jobs are doing now — state (including starting and stopping), process id,
/// memory, CPU time, tasks, restarts, how the last run ended, start time, last and next run — gathered in as
/// few calls to the job manager as it allows. Every job when no name is given.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackgroundJobStatus")]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class GetBackgroundJobStatusCommand : JobListCommand
{
    /// <summary>Only jobs that are running.</summary>
    [Parameter]
    public SwitchParameter Running { get; set; }

    protected override JobQuery Query => base.Query.ForStatus();

    protected override void Report(IPlatform platform, IReadOnlyList<InstalledJob> jobs)
    {
        if (jobs.Count > 0)
        {
            WriteObject(this.Require(Name, () => platform.Health(jobs, Running, HealthOrder.Name)), enumerateCollection: true);
        }
    }
}
