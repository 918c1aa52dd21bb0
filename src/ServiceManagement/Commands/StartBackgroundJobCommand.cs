using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Completion;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Start-BackgroundJob: starts jobs through their job manager; a job that is running already is left running. Jobs from the whole pipeline are
/// handled together, in one call per job manager.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "BackgroundJob", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class StartBackgroundJobCommand : PSCmdlet
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

    protected override void ProcessRecord() => _batch.Collect(this, Name, Kind, Scope, User, (_, job) => ShouldProcess(job.Definition.Name, "Start"));

    protected override void EndProcessing() =>
        _batch.Run(this, (platform, jobs) => platform.Control(jobs, JobAction.Start), PassThru ? (platform, jobs) => WriteObject(platform.StatusOf(jobs), enumerateCollection: true) : null);
}
