namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Disable-BackgroundJob: keeps jobs from starting automatically; a running job keeps running until stopped. Jobs from the whole pipeline are
/// handled together, in one call per job manager.
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "BackgroundJob", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class DisableBackgroundJobCommand : JobControlCommand
{
    protected override JobAction Action => JobAction.Disable;
}
