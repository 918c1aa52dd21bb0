using System.Management.Automation.Runspaces;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.PowerShell.Remoting;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// A cmdlet that lists installed jobs — the ones named, or every job on the machine — and writes what it says
/// of them; a name without wildcards that matches nothing is an error for that name.
/// </summary>
public abstract class JobListCommand : JobFilterCommand
{
    /// <summary>Job names; wildcards match several. All jobs when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Run on these hosts (PowerShell sessions) instead of this machine; each result carries PSComputerName.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public PSSession[]? Session { get; set; }

    /// <summary>How many hosts of -Session at a time; 32 when omitted.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>Which jobs to list: those the names and filters select, narrowed further by the cmdlet.</summary>
    protected virtual JobQuery Query => QueryFor(Name);

    protected sealed override void ProcessRecord()
    {
        if (Session is not null)
        {
            RemoteHosts.Invoke(this, Session, ThrottleLimit).WriteTo(this);
            return;
        }

        var platform = this.Require(Name, Source);
        Report(platform, CommandOutput.Select(this, platform, Query));
        foreach (var notice in platform.Notices)
        {
            WriteWarning(notice);
        }
    }

    /// <summary>Where the jobs are read: this machine, unless the cmdlet reads a directory tree as well.</summary>
    protected virtual IPlatform Source() => PlatformFactory.Create();

    /// <summary>Writes what the cmdlet says of the jobs listed.</summary>
    protected abstract void Report(IPlatform platform, IReadOnlyList<InstalledJob> jobs);
}
