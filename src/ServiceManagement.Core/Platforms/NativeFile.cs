namespace ServiceManagement.Platforms;

/// <summary>A file a translator renders: its name (no directory, or a path under its <see cref="Directory"/>) and its text.</summary>
public sealed record NativeFile(string Name, string Content)
{
    /// <summary>
    /// The file holds a job's secret values: it lives apart from the job's other files, only the job's
    /// account (and root) may read it, and its content is never shown — not in plans, diffs or output.
    /// </summary>
    public bool Secret { get; init; }

    /// <summary>Which directory of the job's manager <see cref="Name"/> is under.</summary>
    public NativeFileDirectory Directory { get; init; }
}

/// <summary>Where a rendered file goes.</summary>
public enum NativeFileDirectory
{
    /// <summary>Where the job manager reads its jobs (a unit directory, a LaunchDaemons folder).</summary>
    Job,

    /// <summary>The configuration directory of the job's side of the machine: /etc, or the user's ~/.config.</summary>
    Configuration,

    /// <summary>The data directory the administrator installs into: /usr/local/share, or the user's ~/.local/share.</summary>
    Data,
}
