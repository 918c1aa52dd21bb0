using ServiceManagement.PowerShell.Completion;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>A cmdlet that acts on the installed jobs it is given the names of.</summary>
public abstract class JobNamesCommand : JobFilterCommand
{
    /// <summary>Job names; wildcards match several.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();
}
