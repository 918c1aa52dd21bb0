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

    protected override JobQuery Query => base.Query with { ManagedOnly = ManagedOnly };

    protected override void Report(IPlatform platform, IReadOnlyList<InstalledJob> jobs)
    {
        foreach (var job in jobs)
        {
            CommandOutput.Findings(this, job);
            WriteObject(job.Definition);
        }
    }
}
