using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.PowerShell.Completion;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// A cmdlet that acts on installed jobs named as every command names them: names (wildcards), narrowed by kind,
/// scope and user where a bare name names several jobs; all four bind from the pipeline by property name.
/// </summary>
public abstract class JobNamesCommand : PSCmdlet
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
}
