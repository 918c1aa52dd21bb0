using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Platforms.Backends;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Invoke-BackgroundJobConfiguration: converges this machine to a configuration under an exclusive lock — one
/// reload per job manager, only changed jobs restarted, every file restored if a step fails. -WhatIf shows the
/// plan with the native files' diff; what is confirmed is exactly what is applied. With -Session, every host
/// converges with its own engine, and each writes its changes and a summary.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "BackgroundJobConfiguration", SupportsShouldProcess = true)]
[OutputType(typeof(PlanItem), typeof(Remoting.HostSummary))]
public sealed class InvokeBackgroundJobConfigurationCommand : ConfigurationCommand
{
    private const int ProgressId = 1;

    /// <summary>Remove managed jobs the configuration does not declare. Jobs ServiceManagement did not create are never pruned.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>Also replace or remove declared jobs ServiceManagement did not create.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>How long to wait for another apply to finish; 30 seconds when omitted.</summary>
    [Parameter]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    protected override void EndProcessing()
    {
        if (RanOnSessions(whatIf: MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf) && whatIf is SwitchParameter { IsPresent: true }))
        {
            return;
        }

        var platform = this.Require(Entries, () => PlatformFactory.Create());
        var approved = false;
        var result = this.Require(Entries, () => Applier.Apply(platform, Entries, new ApplyOptions
        {
            Prune = Prune,
            Force = Force,
            LockTimeout = LockTimeout,
            Purpose = "Invoke-BackgroundJobConfiguration",
            Approve = plan => approved = ShouldProcess(PlanText.Changes(plan) + PlanText.Summary(plan), $"Apply {plan.Changes.Count()} change(s) to this machine?", "Invoke-BackgroundJobConfiguration"),
            Progress = Report,
        }));
        foreach (var note in result.Plan.Notes)
        {
            WriteWarning(note.ToString());
        }

        foreach (var note in result.Notes)
        {
            WriteWarning(note);
        }

        if (result.Error is { } error)
        {
            foreach (var path in result.RolledBack)
            {
                WriteWarning("Restored " + path);
            }

            if (error is OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }

            WriteError(ErrorMapper.ToRecord(this, error, Entries));
        }
        else if (PassThru)
        {
            WriteObject(result.Plan.Items, enumerateCollection: true);
        }
        else if (approved)
        {
            WriteObject(result.Plan.Changes, enumerateCollection: true);
        }
    }

    private void Report(ApplyProgress progress)
    {
        var record = new ProgressRecord(ProgressId, "Invoke-BackgroundJobConfiguration", progress.Activity)
        {
            PercentComplete = progress.Total == 0 ? 100 : progress.Completed * 100 / progress.Total,
            RecordType = progress.Completed == progress.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        WriteProgress(record);
    }
}
