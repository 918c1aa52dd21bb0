using ServiceManagement.Platforms.Backends;

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

    /// <summary>Read the jobs under this directory — a mounted disk, an image or a backup — read-only, instead of this machine's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Root { get; set; }

    /// <summary>With -Root: the system the directory holds, Linux or MacOS; this machine's when omitted.</summary>
    [Parameter]
    [ValidateSet("Linux", "MacOS")]
    public TargetOperatingSystem? Platform { get; set; }

    /// <summary>
    /// With -Root and -Platform MacOS: a file of what <c>sfltool dumpbtm</c> printed on the Mac the directory comes
    /// from, so that each job shows its Login Items item (BackgroundTask) and whether it may run.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BackgroundTaskDump { get; set; }

    protected override JobQuery Query => base.Query with { ManagedOnly = ManagedOnly };

    protected override IPlatform Source() =>
        PlatformFactory.ForReading(Platform, Root, ("-Platform", "-Root", "-BackgroundTaskDump"), BackgroundTaskDump is null ? null : GetUnresolvedProviderPathFromPSPath(BackgroundTaskDump));

    protected override void Report(IPlatform platform, IReadOnlyList<InstalledJob> jobs)
    {
        foreach (var job in jobs)
        {
            CommandOutput.Findings(this, job);
            WriteObject(CommandOutput.Definition(job));
        }
    }
}
