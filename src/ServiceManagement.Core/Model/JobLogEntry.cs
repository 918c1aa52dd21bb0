namespace ServiceManagement.Model;

/// <summary>
/// One line a job logged: when (absent for lines of a plain output file), where it was read
/// (<c>journal</c>, a file's path, <c>unified log</c>, <c>event log</c>), its level (error, warning, info, debug)
/// and the text.
/// </summary>
public sealed record JobLogEntry(DateTimeOffset? Time, string Source, string Level, string Message)
{
    /// <summary>The job that logged it, where entries of several jobs travel together (the PowerShell pipeline).</summary>
    public string? Job { get; init; }
}
