using System.Text;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms;

/// <summary>
/// A job's standard output and error files as log entries: their last lines (read from at most the last
/// <see cref="MaxBytes"/>), without times, since plain files carry none.
/// </summary>
internal static class LogFiles
{
    public const int MaxBytes = 1 << 20;

    /// <summary>The entries of a job's output files that exist; every path is named in <paramref name="sources"/>.</summary>
    /// <remarks>With <see cref="LogQuery.Since"/>, files are named but not read: their lines have no time to compare.</remarks>
    public static IReadOnlyList<JobLogEntry> Read(BackgroundJobDefinition definition, LogQuery query, List<string> sources)
    {
        var entries = new List<JobLogEntry>();
        foreach (var (path, level) in new[] { (definition.StandardOutputPath, "info"), (definition.StandardErrorPath, "error") })
        {
            if (path is null || (sources ?? throw new ArgumentNullException(nameof(sources))).Contains(path))
            {
                continue;
            }

            if (query.Since is not null || !File.Exists(path))
            {
                sources.Add(path);
                continue;
            }

            try
            {
                var lines = Tail(path);
                entries.AddRange(lines.Skip(query.Tail is { } tail ? Math.Max(0, lines.Count - tail) : 0).Select(line => new JobLogEntry(null, path, level, line)));
                sources.Add(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                sources.Add($"{path} (could not be read: {ex.Message.TrimEnd('.')})");
            }
        }

        return entries;
    }

    private static List<string> Tail(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, stream.Length - MaxBytes);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        var lines = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (start > 0)
        {
            lines.RemoveAt(0);
        }

        if (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
