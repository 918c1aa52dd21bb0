namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Get-BackgroundJobDefinition: every background job on this machine — whoever created it — as a portable
/// definition, with where it was found and whether ServiceManagement manages it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackgroundJobDefinition")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class GetBackgroundJobDefinitionCommand : JobListCommand
{
    /// <summary>Only jobs ServiceManagement created (that carry its marker).</summary>
    [Parameter]
    public SwitchParameter ManagedOnly { get; set; }

    protected override void ProcessRecord()
    {
        var platform = this.Require(Name, () => PlatformFactory.Create());
        foreach (var job in CommandOutput.Select(this, platform, QueryFor(Name) with { ManagedOnly = ManagedOnly }))
        {
            CommandOutput.Findings(this, job);
            WriteObject(job.Definition);
        }
    }
}
