namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Reset-BackgroundJobDefinition: undoes ServiceManagement's changes to jobs it did not create — on systemd it
/// deletes the drop-in Set-BackgroundJobDefinition wrote, so that each job is again as its vendor ships it.
/// </summary>
[Cmdlet(VerbsCommon.Reset, "BackgroundJobDefinition", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class ResetBackgroundJobDefinitionCommand : JobNamesCommand
{
    private readonly JobBatch _batch = new();

    /// <summary>Write each job's definition, as its vendor ships it, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => _batch.Collect(this, Name, Kind, Scope, User, (platform, job) =>
        CommandOutput.ShouldChange(this, platform, platform.StageRevert(new[] { job }), "Reset"));

    protected override void EndProcessing() =>
        _batch.Run(this, (platform, jobs) => CommandOutput.Report(this, platform.Commit(platform.StageRevert(jobs))), PassThru ? (_, jobs) => WriteObject(jobs.Select(j => j.Vendor ?? j.Definition), enumerateCollection: true) : null);
}
