namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Get-BackgroundJobLog: what jobs logged, oldest first — the journal on systemd, output files or the unified
/// log on macOS, the Service Control Manager's events on Windows. A job without entries gets a warning that
/// says where its log would be.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackgroundJobLog")]
[OutputType(typeof(JobLogEntry))]
public sealed class GetBackgroundJobLogCommand : JobReportCommand
{
    /// <summary>Only the last N entries of each source.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Tail { get; set; }

    /// <summary>Only entries since this time (output files, which carry no times, are then left out).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    protected override void Report(IPlatform platform, InstalledJob job)
    {
        var log = platform.GetLog(job, new LogQuery { Tail = Tail, Since = Since is { } since ? new DateTimeOffset(since.ToUniversalTime(), TimeSpan.Zero) : null });
        WriteVerbose($"{log.Name} logs to: {string.Join("; ", log.Sources)}.");
        if (log.Entries.Count == 0)
        {
            WriteWarning($"{log.Name} has no log entries{(Since is null ? string.Empty : " since then")}; it logs to: {string.Join("; ", log.Sources)}.");
        }

        WriteObject(log.Entries.Select(e => e with { Job = log.Name }), enumerateCollection: true);
    }
}
