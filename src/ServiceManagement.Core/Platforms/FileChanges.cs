using ServiceManagement.IO;

namespace ServiceManagement.Platforms;

/// <summary>Carries out file changes one by one, each atomically; and undoes them.</summary>
internal static class FileChanges
{
    /// <summary>Writes or deletes every changed file; an unchanged one only gets its owner and mode put right.</summary>
    public static IReadOnlyList<string> Write(IEnumerable<FileChange> changes)
    {
        var done = new List<string>();
        foreach (var change in changes)
        {
            if (!change.IsChange)
            {
                if (change.After is not null && change.Ownership is not null)
                {
                    Posix.SetOwnership(change.Path, change.Ownership);
                }

                continue;
            }

            Put(change.Path, change.After, change.Ownership, change.Secret);
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

    /// <summary>
    /// Writes or deletes one file. A secret's directory is made private (the file's owner, 0700) before anything
    /// is written to it, whatever it was before: a directory others can list would show them its files' names.
    /// </summary>
    private static void Put(string path, string? content, FileOwnership? ownership, bool secret)
    {
        CrashPoints.Step((content is null ? "delete " : "write ") + path);
        if (content is null)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            return;
        }

        var directory = Path.GetDirectoryName(path)!;
        var directoryOwnership = ownership is null ? null : ownership with { Mode = DirectoryMode(ownership.Mode) };
        AtomicFile.CreateDirectory(directory, directoryOwnership);
        if (secret && directoryOwnership is not null)
        {
            Posix.SetOwnership(directory, directoryOwnership);
        }

        AtomicFile.WriteAllText(path, content, ownership);
    }
}
