using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.PowerShell.Errors;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Get-BackgroundJobDefinition: every background job on this machine — whoever created it — as a portable
/// definition, with where it was found and whether ServiceManagement manages it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "BackgroundJobDefinition")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class GetBackgroundJobDefinitionCommand : PSCmdlet
{
    /// <summary>Job names; wildcards match several. All jobs when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only jobs of this kind.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobKind? Kind { get; set; }

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? User { get; set; }

    /// <summary>Only jobs ServiceManagement created (that carry its marker).</summary>
    [Parameter]
    public SwitchParameter ManagedOnly { get; set; }

    protected override void ProcessRecord()
    {
        var platform = this.Require(Name, () => PlatformFactory.Create());
        var selection = this.Require(Name, () => JobSelection.Select(platform, new JobQuery { Names = Name, Kind = Kind, Scope = Scope, User = User, ManagedOnly = ManagedOnly }));
        CommandOutput.Unselected(this, selection);
        foreach (var job in selection.Jobs)
        {
            CommandOutput.Findings(this, job);
            WriteObject(job.Definition);
        }
    }
}
