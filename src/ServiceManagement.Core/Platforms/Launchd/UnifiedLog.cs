using System.Globalization;
using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// A job's entries in macOS's unified log, for jobs without output files: <c>log show --style ndjson</c> with a
/// predicate on the job's process name. Each line is an object with <c>timestamp</c>
/// (<c>2026-11-29 23:10:47.123456+0000</c>), <c>messageType</c> (Default, Info, Debug, Error, Fault) and
/// <c>eventMessage</c>; the last line is a summary without them.
/// </summary>
internal static class UnifiedLog
{
    /// <summary>How far back the log is read without <see cref="LogQuery.Since"/>: the unified log keeps days, and reading all of it is slow.</summary>
    public const string DefaultWindow = "1d";

    public static CommandLine Command(string process, LogQuery query)
    {
        var arguments = new List<string> { "show", "--style", "ndjson", "--predicate", "process == \"" + process.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" };
        if ((query ?? throw new ArgumentNullException(nameof(query))).Since is { } since)
        {
            arguments.AddRange(new[] { "--start", since.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+0000" });
        }
        else
        {
            arguments.AddRange(new[] { "--last", DefaultWindow });
        }

        return new CommandLine("log", arguments);
    }

    public static IReadOnlyList<JobLogEntry> Parse(string output, int? tail)
    {
        var entries = new List<JobLogEntry>();
        foreach (var fields in JsonLines.Objects(output, "log show"))
        {
            var values = fields.Where(e => e.Value is YamlScalar).ToDictionary(e => e.Key, e => ((YamlScalar)e.Value).Value, StringComparer.Ordinal);
            if (!values.TryGetValue("eventMessage", out var message))
            {
                continue;
            }

            var time = values.TryGetValue("timestamp", out var stamp) ? Timestamp(stamp) : null;
            var level = values.TryGetValue("messageType", out var type) ? type switch { "Error" or "Fault" => "error", "Debug" => "debug", _ => "info" } : "info";
            entries.Add(new JobLogEntry(time, "unified log", level, message));
        }

        return tail is { } n ? entries.Skip(Math.Max(0, entries.Count - n)).ToList() : entries;
    }

    /// <summary>log's timestamp, whose offset has no colon (+0000), which .NET's zzz wants (+00:00).</summary>
    private static DateTimeOffset? Timestamp(string text) =>
        text.Length > 5 && (text[text.Length - 5] is '+' or '-')
        && DateTimeOffset.TryParseExact(text.Insert(text.Length - 2, ":"), "yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : null;
}
