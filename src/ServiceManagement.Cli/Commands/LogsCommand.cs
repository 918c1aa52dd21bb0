using System.CommandLine;
using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Requests;

namespace ServiceManagement.Cli.Commands;

/// <summary>
/// <c>svcmgmt logs NAME…</c>: what jobs logged — the journal on systemd, output files or the unified log on
/// macOS, the Service Control Manager's events on Windows — and, for a job without entries, where it would have them.
/// </summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NAME") { Description = "Job names; wildcards * ? [] match several.", Arity = ArgumentArity.OneOrMore };
        var filter = new Options.JobFilter(listing: false);
        var lines = new Option<int?>("--lines", "-n") { Description = "Only the last N entries of each source." };
        var since = new Option<string?>("--since") { Description = "Only entries since a time (2026-11-29T08:00:00Z) or as long ago as a duration (1h, 30m, 2d)." };
        var json = Options.Json();
        var command = new Command("logs", "Show what jobs logged, oldest first, and where each job's log is.") { names, lines, since, json };
        filter.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(lines) is < 1)
            {
                throw new Validation.InvalidDefinitionException(new[] { new Validation.Finding(Validation.FindingSeverity.Error, "ValueInvalid", "--lines", "--lines takes a number of entries, at least 1.") });
            }

            var query = new LogQuery { Tail = parse.GetValue(lines), Since = parse.GetValue(since) is { } text ? Since(text, DateTimeOffset.UtcNow) : null };
            var platform = PlatformFactory.Create();
            var logs = platform.Resolve(filter.Query(parse, parse.GetValue(names))).Select(job => platform.GetLog(job, query)).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(CliJson.Serialize(logs));
                return ExitCodes.Success;
            }

            foreach (var log in logs)
            {
                if (logs.Count > 1)
                {
                    output.WriteLine("== " + log.Name);
                }

                foreach (var entry in log.Entries)
                {
                    var time = entry.Time?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
                    output.WriteLine($"{time} {entry.Level,-7} {(entry.Source == "journal" ? string.Empty : "[" + entry.Source + "] ")}{entry.Message}");
                }

                if (log.Entries.Count == 0)
                {
                    output.WriteLine($"{log.Name} has no log entries{(query.Since is null ? string.Empty : " since then")}; it logs to: {string.Join("; ", log.Sources)}.");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A point in time (ISO 8601), or a duration (<c>1h</c>) back from <paramref name="now"/>.</summary>
    private static DateTimeOffset Since(string text, DateTimeOffset now)
    {
        if (Duration.TryParse(text, out var ago, out _))
        {
            return now - ago.Value;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new Validation.InvalidDefinitionException(new[] { new Validation.Finding(Validation.FindingSeverity.Error, "ValueInvalid", "--since", $"'{text}' is neither a time (2026-11-29T08:00:00Z) nor a duration (1h, 30m, 2d).") });
    }
}
