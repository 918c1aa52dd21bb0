namespace ServiceManagement.IO;

/// <summary>
/// Files replaced together, each as <see cref="AtomicFile"/> replaces one, in the order dpkg unpacks a package:
/// every new content is first written to a temporary file beside its target (<see cref="Stage"/>); before the first
/// is put in place, all are flushed to disk, several at a time; then each is renamed over its target
/// (<see cref="Place"/>), so that a crash leaves each target whole, old or new. Flushed one after another with
/// their renames between, every fsync was a journal commit of its own (0.3 ms each, 60 ms for 200 unit files on
/// this project's build machine); 200 files written first and flushed 16 at a time took 12–16 ms.
/// Temporaries not placed are deleted when the batch is disposed; those a killed process left beside a file the
/// batch writes or deletes are deleted with it (a secret's among them).
/// </summary>
internal sealed class AtomicBatch : IDisposable
{
    /// <summary>How many files are flushed at once, each on a worker of its own; and at most that many stay open.</summary>
    private const int FlushedTogether = 16;

    private readonly Dictionary<string, string> _temporaries = new(StringComparer.Ordinal);
    private readonly List<FileStream> _unflushed = new();
    private readonly Dictionary<string, List<string>> _leftovers = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="content"/> to a temporary beside <paramref name="path"/>; returns the full path it will be placed at.</summary>
    public string Stage(string path, string content, FileOwnership? ownership)
    {
        var full = Path.GetFullPath(path);
        if (_temporaries.ContainsKey(full))
        {
            throw new InvalidOperationException($"'{full}' is staged twice in one batch.");
        }

        SweepLeftovers(full);
        _unflushed.Add(AtomicFile.CreateTemporary(full, content, ownership, out var temporary));
        _temporaries[full] = temporary;
        if (_unflushed.Count == FlushedTogether)
        {
            Flush();
        }

        return full;
    }

    /// <summary>Deletes <paramref name="path"/> and the temporaries a killed run left for it.</summary>
    public void Delete(string path)
    {
        var full = Path.GetFullPath(path);
        SweepLeftovers(full);
        if (File.Exists(full))
        {
            File.Delete(full);
        }
    }

    /// <summary>Puts the staged content of <paramref name="path"/> in place (everything staged is on disk first).</summary>
    public void Place(string path)
    {
        Flush();
        var full = Path.GetFullPath(path);
        AtomicFile.Place(_temporaries[full], full);
        _temporaries.Remove(full);
    }

    public void Dispose()
    {
        foreach (var stream in _unflushed)
        {
            stream.Dispose();
        }

        _unflushed.Clear();
        foreach (var temporary in _temporaries.Values.Where(File.Exists))
        {
            File.Delete(temporary);
        }

        _temporaries.Clear();
    }

    private void Flush()
    {
        if (_unflushed.Count == 0)
        {
            return;
        }

        try
        {
            if (_unflushed.Count == 1)
            {
                _unflushed[0].Flush(flushToDisk: true);
            }
            else
            {
                Parallel.ForEach(_unflushed, new ParallelOptions { MaxDegreeOfParallelism = FlushedTogether }, stream => stream.Flush(flushToDisk: true));
            }
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
        finally
        {
            foreach (var stream in _unflushed)
            {
                stream.Dispose();
            }

            _unflushed.Clear();
        }
    }

    /// <summary>Deletes the temporaries a killed run left for <paramref name="path"/>; its directory is read once per batch.</summary>
    private void SweepLeftovers(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!_leftovers.TryGetValue(directory, out var leftovers))
        {
            try
            {
                leftovers = Directory.Exists(directory)
                    ? Directory.EnumerateFiles(directory, "*" + AtomicFile.TemporarySuffix).Select(Path.GetFileName).Where(n => n!.StartsWith(".", StringComparison.Ordinal)).ToList()!
                    : new List<string>();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A directory we may write to but not list: its leftovers stay; the write itself does not depend on them.
                leftovers = new List<string>();
            }

            _leftovers[directory] = leftovers;
        }

        var prefix = AtomicFile.TemporaryPrefix(path);
        foreach (var leftover in leftovers.Where(n => IsTemporaryOf(n, prefix)).ToList())
        {
            File.Delete(Path.Combine(directory, leftover));
            leftovers.Remove(leftover);
        }
    }

    /// <summary>Whether <paramref name="name"/> is <paramref name="prefix"/>, eight hex digits and the suffix: how <see cref="AtomicFile"/> names a temporary.</summary>
    private static bool IsTemporaryOf(string name, string prefix) =>
        name.Length == prefix.Length + 8 + AtomicFile.TemporarySuffix.Length
        && name.StartsWith(prefix, StringComparison.Ordinal)
        && name.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal)
        && name.Substring(prefix.Length, 8).All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
