using ServiceManagement.Validation;

namespace ServiceManagement.Errors;

/// <summary>
/// What kind of failure an error is. Front ends map this once: to an ErrorCategory in the module and
/// to an exit code in <c>svcmgmt</c>.
/// </summary>
public enum ErrorKind
{
    /// <summary>The input is wrong; nothing was changed.</summary>
    InvalidInput,

    /// <summary>The job manager or the operating system failed.</summary>
    Platform,

    /// <summary>The caller lacks the rights the operation needs.</summary>
    PermissionDenied,

    /// <summary>The job or file named does not exist.</summary>
    NotFound,
}

/// <summary>The base of every error the engine raises on purpose.</summary>
public abstract class ServiceManagementException : Exception
{
    protected ServiceManagementException(string message, ErrorKind kind, string reason, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Reason = reason;
    }

    public ErrorKind Kind { get; }

    /// <summary>A stable word a front end appends to its command name to form an error id.</summary>
    public string Reason { get; }
}

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

/// <summary>A file is in a format the engine does not know, or cannot write.</summary>
public sealed class UnsupportedFormatException : ServiceManagementException
{
    public UnsupportedFormatException(string message)
        : base(message, ErrorKind.InvalidInput, "UnsupportedFormat")
    {
    }
}

/// <summary>A file named as input does not exist.</summary>
public sealed class InputNotFoundException : ServiceManagementException
{
    public InputNotFoundException(string path, Exception? inner = null)
        : base($"'{path}' does not exist.", ErrorKind.NotFound, "InputNotFound", inner)
    {
    }
}
