using ServiceManagement.IO;

namespace ServiceManagement.Platforms;

/// <summary>Carries out file changes, each atomically, in order; and undoes them.</summary>
internal static class FileChanges
{
    /// <summary>
    /// Writes or deletes every changed file; an unchanged one only gets its owner and mode put right. Every new
    /// content is written and flushed to disk before the first file is replaced (<see cref="AtomicBatch"/>), then
    /// the files are replaced and deleted one by one, in order.
    /// </summary>
    public static IReadOnlyList<string> Write(IEnumerable<FileChange> changes)
    {
        var all = changes.ToList();
        using var batch = new AtomicBatch();
        foreach (var change in all.Where(c => c.IsChange && c.After is not null))
        {
            PrepareDirectory(change.Path, change.Ownership, change.Secret);
            batch.Stage(change.Path, change.After!, change.Ownership);
        }

        var done = new List<string>();
        foreach (var change in all)
        {
            if (!change.IsChange)
            {
                if (change.After is not null && change.Ownership is not null)
                {
                    Posix.SetOwnership(change.Path, change.Ownership);
                }

                continue;
            }

            CrashPoints.Step((change.After is null ? "delete " : "write ") + change.Path);
            if (change.After is null)
            {
                batch.Delete(change.Path);
            }
            else
            {
                batch.Place(change.Path);
            }

            done.Add(change.Path);
        }

        return done;
    }

    /// <summary>Puts every file back to the bytes it held before (or deletes it when it did not exist); returns what it restored.</summary>
    public static IReadOnlyList<string> Restore(IEnumerable<FileChange> changes)
    {
        var restored = new List<string>();
        foreach (var change in changes.Where(c => c.IsChange))
        {
            var now = File.Exists(change.Path) ? File.ReadAllText(change.Path) : null;
            if (!string.Equals(now, change.Before, StringComparison.Ordinal))
            {
                Put(change.Path, change.Before, change.Ownership, change.Secret);
                restored.Add(change.Path);
            }
        }

        return restored;
    }

    /// <summary>A directory's mode for files of <paramref name="fileMode"/>: searchable by whoever may read them, so 0644 gives 0755 and 0600 gives 0700.</summary>
    private static int DirectoryMode(int fileMode) => fileMode | ((fileMode & 0b100_100_100) >> 2);

    /// <summary>Writes or deletes one file.</summary>
    private static void Put(string path, string? content, FileOwnership? ownership, bool secret)
    {
        CrashPoints.Step((content is null ? "delete " : "write ") + path);
        if (content is null)
        {
            Delete(path);
            return;
        }

        PrepareDirectory(path, ownership, secret);
        AtomicFile.WriteAllText(path, content, ownership);
    }

    private static void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Creates the file's directory. A secret's directory is made private (the file's owner, 0700) before anything
    /// is written to it, whatever it was before: a directory others can list would show them its files' names.
    /// </summary>
    private static void PrepareDirectory(string path, FileOwnership? ownership, bool secret)
    {
        var directory = Path.GetDirectoryName(path)!;
        var directoryOwnership = ownership is null ? null : ownership with { Mode = DirectoryMode(ownership.Mode) };
        AtomicFile.CreateDirectory(directory, directoryOwnership);
        if (secret && directoryOwnership is not null)
        {
            Posix.SetOwnership(directory, directoryOwnership);
        }
    }
}
