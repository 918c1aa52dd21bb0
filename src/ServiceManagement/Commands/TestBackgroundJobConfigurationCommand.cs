using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Platforms.Backends;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Test-BackgroundJobConfiguration: the drift between a configuration and this machine — each job that would be
/// created, updated (with every differing property and the native files' diff) or removed. Nothing is changed.
/// With -Session, every host tests itself, and each writes its drift and a summary (-Quiet: the summary only).
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "BackgroundJobConfiguration")]
[OutputType(typeof(PlanItem), typeof(bool), typeof(Remoting.HostSummary))]
public sealed class TestBackgroundJobConfigurationCommand : ConfigurationCommand
{

    /// <summary>Also report managed jobs the configuration does not declare, which -Prune would remove.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>Count jobs ServiceManagement did not create as changeable, as an apply with -Force would.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write only $true (no drift) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void EndProcessing()
    {
        if (RanOnSessions(quiet: Quiet))
        {
            return;
        }

        var platform = this.Require(Entries, () => PlatformFactory.Create());
        var plan = this.Require(Entries, () => Planner.Create(platform, Entries, new PlanOptions { Prune = Prune, Force = Force }));
        foreach (var note in plan.Notes)
        {
            WriteWarning(note.ToString());
        }

        if (Quiet)
        {
            WriteObject(plan.IsEmpty);
        }
        else
        {
            WriteObject(PassThru ? plan.Items : plan.Changes, enumerateCollection: true);
        }
    }
}
