namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Stop-BackgroundJob: stops jobs; a job that is not running counts as stopped. Jobs from the whole pipeline are
/// handled together, in one call per job manager.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "BackgroundJob", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class StopBackgroundJobCommand : JobControlCommand
{
    protected override JobAction Action => JobAction.Stop;
}
