using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.PowerShell.Errors;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Get-BackgroundJobLog: what jobs logged, oldest first — the journal on systemd, output files or the unified
/// log on macOS, the Service Control Manager's events on Windows. A job without entries gets a warning that
/// says where its log would be.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackgroundJobLog")]
[OutputType(typeof(JobLogEntry))]
public sealed class GetBackgroundJobLogCommand : PSCmdlet
{
    /// <summary>Job names; wildcards match several.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Only jobs of this kind: with Scope and User it names one job where a bare name names several.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobKind? Kind { get; set; }

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? User { get; set; }

    /// <summary>Only the last N entries of each source.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Tail { get; set; }

    /// <summary>Only entries since this time (output files, which carry no times, are then left out).</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    protected override void ProcessRecord()
    {
        var platform = this.Require(Name, () => PlatformFactory.Create());
        var selection = this.Require(Name, () => JobSelection.Select(platform, new JobQuery { Names = Name, Kind = Kind, Scope = Scope, User = User }, oneJobPerName: true));
        CommandOutput.Unselected(this, selection);
        var query = new LogQuery { Tail = Tail, Since = Since is { } since ? new DateTimeOffset(since.ToUniversalTime(), TimeSpan.Zero) : null };
        foreach (var job in selection.Jobs)
        {
            var log = this.Require(job.Definition.Name, () => platform.GetLog(job, query));
            WriteVerbose($"{log.Name} logs to: {string.Join("; ", log.Sources)}.");
            if (log.Entries.Count == 0)
            {
                WriteWarning($"{log.Name} has no log entries{(Since is null ? string.Empty : " since then")}; it logs to: {string.Join("; ", log.Sources)}.");
            }

            WriteObject(log.Entries.Select(e => e with { Job = log.Name }), enumerateCollection: true);
        }
    }
}
