namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Enable-BackgroundJob: makes jobs start automatically again (at boot, login or on their schedule). Jobs from the whole pipeline are
/// handled together, in one call per job manager.
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "BackgroundJob", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class EnableBackgroundJobCommand : JobControlCommand
{
    protected override JobAction Action => JobAction.Enable;
}
