namespace ServiceManagement.Platforms;

/// <summary>A file a translator renders: its name (no directory) and its text.</summary>
public sealed record NativeFile(string Name, string Content)
{
    /// <summary>
    /// The file holds a job's secret values: it lives apart from the job's other files, only the job's
    /// account (and root) may read it, and its content is never shown — not in plans, diffs or output.
    /// </summary>
    public bool Secret { get; init; }
}
