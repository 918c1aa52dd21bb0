namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Restart-BackgroundJob: stops and starts jobs (starts those that were not running). Jobs from the whole pipeline are
/// handled together, in one call per job manager.
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "BackgroundJob", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class RestartBackgroundJobCommand : JobControlCommand
{
    protected override JobAction Action => JobAction.Restart;
}
