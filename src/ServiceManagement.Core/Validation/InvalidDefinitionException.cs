using ServiceManagement.Errors;

namespace ServiceManagement.Validation;

/// <summary>A configuration or definition has errors; <see cref="Findings"/> lists every one of them.</summary>
public sealed class InvalidDefinitionException : ServiceManagementException
{
    public InvalidDefinitionException(IReadOnlyList<Finding> findings)
        : base(Summarise(findings), ErrorKind.InvalidInput, "InvalidDefinition")
    {
        Findings = findings;
    }

    public IReadOnlyList<Finding> Findings { get; }

    private static string Summarise(IReadOnlyList<Finding> findings)
    {
        var errors = findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
        var first = errors.FirstOrDefault() ?? findings.FirstOrDefault();
        return first is null
            ? "The definition is invalid."
            : errors.Count > 1 ? $"{first} (and {errors.Count - 1} more error(s))" : first.ToString();
    }
}
