namespace ServiceManagement.Validation;

public enum FindingSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>Where in a file something was written; line and column count from 1.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// One problem with a definition or a configuration file.
/// <see cref="Code"/> is stable for scripts; <see cref="Path"/> names the property
/// (<c>jobs[2].schedule.cron</c>); <see cref="Message"/> is for people.
/// </summary>
public sealed record Finding(FindingSeverity Severity, string Code, string Path, string Message)
{
    public SourceLocation? Location { get; init; }

    public override string ToString()
    {
        var where = Location is null ? string.Empty : Location + ": ";
        var what = Path.Length == 0 ? string.Empty : Path + ": ";
        return $"{where}{Severity.ToString().ToLowerInvariant()}: {what}{Message}";
    }
}
