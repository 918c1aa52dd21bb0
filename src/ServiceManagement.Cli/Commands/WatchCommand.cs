using System.CommandLine;
using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Requests;

namespace ServiceManagement.Cli.Commands;

/// <summary>svcmgmt watch: each change of jobs' states as it happens, as lines or JSON Lines, until Ctrl+C, a state reached, or a timeout.</summary>
internal static class WatchCommand
{
    internal static Command Create()
    {
        var names = Options.OptionalNames();
        var filter = new Options.JobFilter(listing: false);
        var json = new Option<bool>("--json") { Description = "Print each change as one line of JSON (JSON Lines)." };
        var until = new Option<string?>("--until") { Description = "End when every watched job is in this state (at once if it already is): running, stopped, failed, starting, stopping." };
        until.AcceptOnlyFromAmong("running", "stopped", "failed", "starting", "stopping", "disabled");
        var timeout = DurationOption("--timeout", "End after this long (30s, 5m); with --until, an error (exit 3) if the state was not reached.");
        var interval = DurationOption("--interval", "How often jobs whose manager announces nothing are read (2s by default).");
        var command = new Command("watch", "Print each change of jobs' states as it happens — from the manager's own events where it has them (systemd), else read at an interval — until Ctrl+C.") { names, json, until, timeout, interval };
        filter.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Watch(parse, cancellation, filter.Query(parse, parse.GetValue(names) is { Length: > 0 } given ? given : null),
            parse.GetValue(json), parse.GetValue(until), parse.GetValue(timeout), parse.GetValue(interval) ?? TimeSpan.FromSeconds(2))));
        return command;
    }

    private static int Watch(ParseResult parse, CancellationToken cancellation, JobQuery query, bool json, string? until, TimeSpan? timeout, TimeSpan interval)
    {
        var platform = PlatformFactory.Create();
        var jobs = platform.Find(query.ForStatus());
        var output = parse.InvocationConfiguration.Output;
        var options = new WatchOptions { Until = until is null ? null : (JobState)Enum.Parse(typeof(JobState), until, ignoreCase: true), Timeout = timeout, Interval = interval };
        var changes = platform.Watch(jobs, options, cancellation);
        parse.InvocationConfiguration.Error.WriteLine($"svcmgmt: watching {jobs.Count} job(s); Ctrl+C ends.");
        foreach (var change in changes)
        {
            output.WriteLine(json ? CliJson.SerializeLine(change) : Line(change));
            output.Flush();
        }

        return ExitCodes.Success;
    }

    private static string Line(BackgroundJobEvent change) =>
        string.Join("  ", new[]
        {
            change.Time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            change.Name,
            change.User is { } user ? "user:" + user : change.Scope is { } scope ? Output.Word(scope) : "-",
            Output.Word(change.From) + " -> " + Output.Word(change.To),
            change.ProcessId is { } pid ? "pid " + pid.ToString(CultureInfo.InvariantCulture) : null,
            change.Reason,
        }.Where(part => part is not null));


    internal static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            if (Duration.TryParse(result.Tokens.Single().Value, out var duration, out var error))
            {
                return duration.Value;
            }

            result.AddError($"{name}: {error}");
            return null;
        },
    };
}
