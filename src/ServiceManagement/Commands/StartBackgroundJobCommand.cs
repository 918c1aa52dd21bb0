namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Start-BackgroundJob: starts jobs through their job manager; a job that is running already is left running. Jobs from the whole pipeline are
/// handled together, in one call per job manager.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "BackgroundJob", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class StartBackgroundJobCommand : JobControlCommand
{
    protected override JobAction Action => JobAction.Start;
}
