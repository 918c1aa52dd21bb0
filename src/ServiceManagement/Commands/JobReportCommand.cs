using ServiceManagement.Platforms.Backends;

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
        foreach (var job in CommandOutput.Select(this, platform, QueryFor(Name), oneJobPerName: true))
        {
            this.Try(job.Definition.Name, () => Report(platform, job));
        }
    }

    /// <summary>Writes what the cmdlet says about one job.</summary>
    protected abstract void Report(IPlatform platform, InstalledJob job);
}
