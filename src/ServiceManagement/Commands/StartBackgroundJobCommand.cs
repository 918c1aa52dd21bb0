using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.PowerShell.Errors;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Start-BackgroundJob: starts jobs through their job manager; a job that is running already is left running. Jobs from the whole pipeline are
/// handled together, in one call per job manager.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "BackgroundJob", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class StartBackgroundJobCommand : PSCmdlet
{
    private readonly List<InstalledJob> _jobs = new();
    private IPlatform? _platform;

    /// <summary>Job names; wildcards match several.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? User { get; set; }

    /// <summary>Write each job's status afterwards to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var platform = _platform ??= this.Require(Name, () => PlatformFactory.Create());
        var selection = this.Require(Name, () => JobSelection.Select(platform, new JobQuery { Names = Name, Scope = Scope, User = User }));
        CommandOutput.Missing(this, selection);
        _jobs.AddRange(selection.Jobs.Where(job => ShouldProcess(job.Definition.Name, "Start")));
    }

    protected override void EndProcessing()
    {
        if (_platform is { } platform && _jobs.Count > 0 && this.Try(_jobs.Select(j => j.Definition.Name).ToArray(), () => platform.Control(_jobs, JobAction.Start)) && PassThru)
        {
            WriteObject(this.Require(Name, () => platform.GetStatus(_jobs)), enumerateCollection: true);
        }
    }
}
