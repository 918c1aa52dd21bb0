namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// The control cmdlets (Start-, Stop-, Restart-, Enable-, Disable-BackgroundJob): the jobs they act on, named as
/// every command names them, and one action for the jobs of the whole pipeline, in one call per job manager.
/// Each cmdlet only says which action it is.
/// </summary>
public abstract class JobControlCommand : JobNamesCommand
{
    private readonly JobBatch _batch = new();

    /// <summary>Write each job's status afterwards to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>What the cmdlet does to each job.</summary>
    protected abstract JobAction Action { get; }

    protected sealed override void ProcessRecord() => _batch.Collect(this, Name, Kind, Scope, User, (_, job) => ShouldProcess(job.Definition.Name, Action.ToString()));

    protected sealed override void EndProcessing() =>
        _batch.Run(this, (platform, jobs) => platform.Control(jobs, Action), PassThru ? (platform, jobs) => WriteObject(platform.StatusOf(jobs), enumerateCollection: true) : null);
}
