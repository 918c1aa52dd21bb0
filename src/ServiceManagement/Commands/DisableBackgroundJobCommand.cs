using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Completion;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Disable-BackgroundJob: keeps jobs from starting automatically; a running job keeps running until stopped. Jobs from the whole pipeline are
/// handled together, in one call per job manager.
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "BackgroundJob", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class DisableBackgroundJobCommand : PSCmdlet
{
    private readonly JobBatch _batch = new();

    /// <summary>Job names; wildcards match several.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Only jobs of this kind: with Scope and User it names one job where a bare name names several.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobKind? Kind { get; set; }

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? User { get; set; }

    /// <summary>Write each job's status afterwards to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => _batch.Collect(this, Name, Kind, Scope, User, (_, job) => ShouldProcess(job.Definition.Name, "Disable"));

    protected override void EndProcessing() =>
        _batch.Run(this, (platform, jobs) => platform.Control(jobs, JobAction.Disable), PassThru ? (platform, jobs) => WriteObject(platform.StatusOf(jobs), enumerateCollection: true) : null);
}
