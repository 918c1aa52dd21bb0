namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Get-BackgroundJobSecurity: how exposed jobs are, by the job manager's own analyser — on systemd,
/// systemd-analyze security: the overall exposure (0 best, 10 worst), its rating, and each setting that adds to
/// it, most exposing first. On macOS and Windows, which have no such analyser, the result says so.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackgroundJobSecurity")]
[OutputType(typeof(JobSecurity))]
public sealed class GetBackgroundJobSecurityCommand : JobReportCommand
{
    protected override void Report(IPlatform platform, InstalledJob job) => WriteObject(platform.GetSecurity(job));
}
