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
        using var batch = new AtomicBatch();
        var full = batch.Stage(path, content, ownership);
        batch.Place(full);
    }

    /// <summary>A new temporary file beside <paramref name="path"/>, holding <paramref name="content"/> (not yet flushed to disk), open.</summary>
    internal static FileStream CreateTemporary(string path, string content, FileOwnership? ownership, out string temporary)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        temporary = Path.Combine(directory, TemporaryPrefix(path) + Guid.NewGuid().ToString("N").Substring(0, 8) + TemporarySuffix);
        // Created with its final owner and mode, so that a secret is never readable by others, even for a moment.
        var stream = ownership is null ? new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None) : Posix.CreateNew(temporary, ownership);
        try
        {
            var bytes = new UTF8Encoding(false).GetBytes(content);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush();
            return stream;
        }
        catch
        {
            stream.Dispose();
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The start of the name of every temporary file written for <paramref name="path"/>: <c>.NAME.</c>, then eight hex digits and <see cref="TemporarySuffix"/>.</summary>
    internal static string TemporaryPrefix(string path) => "." + Path.GetFileName(path) + ".";

    internal const string TemporarySuffix = ".tmp";

    internal static void Place(string temporary, string path)
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
