using ServiceManagement.PowerShell.Completion;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>A cmdlet that lists installed jobs: the ones named, or every job on the machine.</summary>
public abstract class JobListCommand : JobFilterCommand
{
    /// <summary>Job names; wildcards match several. All jobs when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[]? Name { get; set; }
}
