using System.Text;

namespace ServiceManagement.IO;

/// <summary>
/// Replaces a file so that readers see the old bytes or the new ones, never a mix: the content goes to
/// a temporary file in the same directory, gets its owner and mode, is flushed to disk, and is renamed
/// over the target.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content, FileOwnership? ownership = null)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        var placed = false;
        try
        {
            // Created with its final owner and mode, so that a secret is never readable by others, even for a moment.
            using (var stream = ownership is null ? new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None) : Posix.CreateNew(temporary, ownership))
            {
                var bytes = new UTF8Encoding(false).GetBytes(content);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            Place(temporary, full);
            placed = true;
        }
        finally
        {
            if (!placed && File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void Place(string temporary, string path)
    {
        if (Posix.IsSupported)
        {
            Posix.Rename(temporary, path);
        }
        else if (File.Exists(path))
        {
            File.Replace(temporary, path, null);
        }
        else
        {
            File.Move(temporary, path);
        }
    }

    /// <summary>Creates a directory and any missing parents, giving each one it creates <paramref name="ownership"/>.</summary>
    public static void CreateDirectory(string path, FileOwnership? ownership = null)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateDirectory(parent, ownership);
        }

        Directory.CreateDirectory(full);
        if (ownership is not null)
        {
            Posix.SetOwnership(full, ownership);
        }
    }
}
