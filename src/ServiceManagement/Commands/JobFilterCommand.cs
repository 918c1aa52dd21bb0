namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// A cmdlet that selects installed jobs by name, narrowed by kind, scope and user where a bare name names
/// several jobs; all bind from the pipeline by property name. Derived cmdlets declare the names, required or not.
/// </summary>
public abstract class JobFilterCommand : StoppableCmdlet
{
    /// <summary>Only jobs of this kind: with Scope and User it names one job where a bare name names several.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobKind? Kind { get; set; }

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? User { get; set; }

    /// <summary>The query for <paramref name="names"/> (every job when null) narrowed by this cmdlet's filters.</summary>
    protected JobQuery QueryFor(IReadOnlyList<string>? names) => new() { Names = names, Kind = Kind, Scope = Scope, User = User };
}
