using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.PowerShell.Errors;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Get-BackgroundJobStatus: what jobs are doing now — state (including starting and stopping), process id,
/// memory, CPU time, tasks, restarts, how the last run ended, start time, last and next run — gathered in as
/// few calls to the job manager as it allows. Every job when no name is given.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackgroundJobStatus")]
[OutputType(typeof(BackgroundJobStatus))]
public sealed class GetBackgroundJobStatusCommand : PSCmdlet
{
    /// <summary>Job names; wildcards match several. All jobs when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only jobs of this kind: with Scope and User it names one job where a bare name names several.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobKind? Kind { get; set; }

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? User { get; set; }

    /// <summary>Only jobs that are running.</summary>
    [Parameter]
    public SwitchParameter Running { get; set; }

    protected override void ProcessRecord()
    {
        var platform = this.Require(Name, () => PlatformFactory.Create());
        var selection = this.Require(Name, () => JobSelection.Select(platform, new JobQuery { Names = Name, Kind = Kind, Scope = Scope, User = User }));
        CommandOutput.Unselected(this, selection);
        if (selection.Jobs.Count > 0)
        {
            WriteObject(this.Require(Name, () => platform.Health(selection.Jobs, Running, HealthOrder.Name)), enumerateCollection: true);
        }
    }
}
