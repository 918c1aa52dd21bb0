namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Remove-BackgroundJobDefinition: stops, disables and deletes jobs. A job ServiceManagement did not create is
/// high impact: it is removed only after a second confirmation (ShouldContinue), which -Force answers.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "BackgroundJobDefinition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class RemoveBackgroundJobDefinitionCommand : JobNamesCommand
{
    private readonly JobBatch _batch = new();

    /// <summary>Remove jobs ServiceManagement did not create without asking a second time.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write each removed job's last definition to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => _batch.Collect(this, Name, Kind, Scope, User, (platform, job) =>
        CommandOutput.ShouldChange(this, platform, platform.StageRemove(new[] { job }, force: true), "Remove")
        && (job.Definition.Managed || Force || ConfirmUnmanaged(job)));

    /// <summary>
    /// The second question for a job we did not create. A host that cannot ask (-NonInteractive, a host
    /// without a UI, standard input closed) fails in one of these ways; each becomes the error that says -Force.
    /// </summary>
    private bool ConfirmUnmanaged(InstalledJob job)
    {
        var where = job.Files.FirstOrDefault() ?? job.Definition.Name;
        try
        {
            return ShouldContinue($"{job.Definition.Name} ({where}) was not created by ServiceManagement. Remove it anyway?", "Remove a job ServiceManagement does not manage");
        }
        catch (Exception error) when (error is PSInvalidOperationException or System.Management.Automation.Host.HostException or NullReferenceException or NotImplementedException)
        {
            throw new ServiceManagement.Errors.JobNotManagedException(job.Definition.Name, where);
        }
    }

    // Every job collected was confirmed, the unmanaged ones twice: force lets the engine remove them.
    protected override void EndProcessing() =>
        _batch.Run(this, (platform, jobs) => CommandOutput.Report(this, platform.Remove(jobs, force: true)), PassThru ? (_, jobs) => WriteObject(jobs.Select(j => j.Definition), enumerateCollection: true) : null);
}
