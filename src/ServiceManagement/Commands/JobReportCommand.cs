using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Errors;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// A cmdlet that reports on each job it names, one job per name (a bare name that names several is an error
/// for that name, and the pipeline goes on): Get-BackgroundJobLog, Get-BackgroundJobSecurity.
/// </summary>
public abstract class JobReportCommand : JobNamesCommand
{
    protected sealed override void ProcessRecord()
    {
        var platform = this.Require(Name, () => PlatformFactory.Create());
        var selection = this.Require(Name, () => JobSelection.Select(platform, QueryFor(Name), oneJobPerName: true));
        CommandOutput.Unselected(this, selection);
        foreach (var job in selection.Jobs)
        {
            this.Try(job.Definition.Name, () => Report(platform, job));
        }
    }

    /// <summary>Writes what the cmdlet says about one job.</summary>
    protected abstract void Report(IPlatform platform, InstalledJob job);
}
