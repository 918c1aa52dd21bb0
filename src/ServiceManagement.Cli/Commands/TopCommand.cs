using System.CommandLine;
using System.Globalization;
using System.Text;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;

namespace ServiceManagement.Cli.Commands;

/// <summary>
/// svcmgmt top: every job's health, refreshed — CPU % over each interval (from CPU-time deltas), memory, tasks,
/// restarts, last exit. In a terminal a full screen (the alternate screen, restored on exit) with keys to sort,
/// filter and quit; otherwise plain tables, one per interval. Written with ANSI sequences of its own: a live
/// view this small needs no library, and svcmgmt stays NativeAOT without trimming warnings.
/// </summary>
internal static class TopCommand
{
    private const string Keys = "c cpu  m memory  n name  r restarts  / filter  q quit";

    private sealed record Row(BackgroundJobStatus Status, double? CpuPercent);

    internal static Command Create()
    {
        var names = Options.OptionalNames();
        var filter = new Options.JobFilter(listing: false);
        var managed = new Option<bool>("--managed") { Description = "Only jobs ServiceManagement created." };
        var running = new Option<bool>("--running") { Description = "Only jobs that are running." };
        var sort = new Option<string>("--sort") { Description = "Order by cpu, memory, name or restarts, largest first (keys c, m, n, r switch it).", DefaultValueFactory = _ => "cpu" };
        sort.AcceptOnlyFromAmong("cpu", "memory", "name", "restarts");
        var interval = WatchCommand.DurationOption("--interval", "How often the view is refreshed (2s by default).");
        var iterations = new Option<int>("--iterations", "-n") { Description = "Stop after this many refreshes (0, the default: until q or Ctrl+C)." };
        var command = new Command("top", "Show every job's health, refreshed: CPU %, memory, tasks, restarts, last exit; in a terminal a full screen with keys to sort, filter and quit.") { names, managed, running, sort, interval, iterations };
        filter.AddTo(command);
        command.SetAction((parse, cancellation) =>
        {
            var given = parse.GetValue(names) is { Length: > 0 } list ? list : null;
            var view = new View(parse.GetValue(sort)!, parse.GetValue(running));
            var query = (filter.Query(parse, given) with { ManagedOnly = parse.GetValue(managed) }).ForStatus();
            return Task.FromResult(Run(parse, query, view, parse.GetValue(interval) ?? TimeSpan.FromSeconds(2), parse.GetValue(iterations), cancellation));
        });
        return command;
    }

    /// <summary>What the user chose to see: the order, running jobs only, a name filter.</summary>
    private sealed class View(string sort, bool runningOnly)
    {
        public string Sort { get; set; } = sort;

        public bool RunningOnly { get; } = runningOnly;

        public string Filter { get; set; } = string.Empty;

        public IEnumerable<Row> Arrange(IEnumerable<Row> rows)
        {
            var shown = rows.Where(r => (!RunningOnly || r.Status.State == JobState.Running) && r.Status.Name.Contains(Filter, StringComparison.OrdinalIgnoreCase));
            return (Sort switch
            {
                "memory" => shown.OrderByDescending(r => r.Status.MemoryBytes ?? -1),
                "restarts" => shown.OrderByDescending(r => r.Status.RestartCount ?? -1),
                "name" => shown.OrderBy(r => r.Status.Name, StringComparer.Ordinal),
                _ => shown.OrderByDescending(r => r.CpuPercent ?? -1),
            }).ThenBy(r => r.Status.Name, StringComparer.Ordinal);
        }
    }

    private static int Run(ParseResult parse, JobQuery query, View view, TimeSpan interval, int iterations, CancellationToken cancellation)
    {
        var platform = PlatformFactory.Create();
        var output = parse.InvocationConfiguration.Output;
        var live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !Console.IsInputRedirected;
        var previous = new Dictionary<(string, JobKind?, JobScope?, string?), (TimeSpan Cpu, DateTime At)>();
        if (live)
        {
            // The alternate screen and no cursor; keys arrive one by one, Ctrl+C among them.
            output.Write("\u001b[?1049h\u001b[?25l");
            Console.TreatControlCAsInput = true;
        }

        // The jobs are listed again every tenth refresh, and the managers' answers are followed in between: a refresh
        // asks each manager only for what it announced as changed, and for the figures. Following afresh with each
        // listing also shows, within ten refreshes, what changes unannounced (a unit file edited on disk).
        IDisposable? following = null;
        IReadOnlyList<InstalledJob> jobs = Array.Empty<InstalledJob>();
        try
        {
            for (var frame = 0; iterations <= 0 || frame < iterations; frame++)
            {
                if (frame % 10 == 0)
                {
                    following?.Dispose();
                    following = platform.FollowStatus();
                    jobs = platform.GetJobs(query);
                }

                var now = DateTime.UtcNow;
                var rows = platform.StatusOf(jobs).Select(status =>
                {
                    var identity = (status.Name, status.Kind, status.Scope, status.User);
                    double? percent = status.CpuTime is { } cpu && previous.TryGetValue(identity, out var before) && now > before.At
                        ? Math.Max(0, (cpu - before.Cpu).TotalMilliseconds / (now - before.At).TotalMilliseconds * 100)
                        : null;
                    if (status.CpuTime is { } seen)
                    {
                        previous[identity] = (seen, now);
                    }

                    return new Row(status, percent);
                }).ToList();

                if (live)
                {
                    Draw(output, view, rows, interval);
                    if (!Wait(output, view, rows, interval, cancellation))
                    {
                        return ExitCodes.Success;
                    }
                }
                else
                {
                    // One write a refresh: the console writer sends each line on its own otherwise.
                    var table = new StringWriter(CultureInfo.InvariantCulture);
                    table.WriteLine($"svcmgmt top  {now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}  {rows.Count} job(s), by {view.Sort}");
                    Output.WriteTable(table, Headers, view.Arrange(rows).Select(Cells).ToList());
                    table.WriteLine();
                    output.Write(table.ToString());
                    output.Flush();
                    if (frame + 1 != iterations && cancellation.WaitHandle.WaitOne(interval))
                    {
                        return ExitCodes.Success;
                    }
                }
            }

            return ExitCodes.Success;
        }
        finally
        {
            following?.Dispose();
            if (live)
            {
                Console.TreatControlCAsInput = false;
                output.Write("\u001b[?25h\u001b[?1049l");
                output.Flush();
            }
        }
    }

    private static readonly string[] Headers = { "NAME", "KIND", "SCOPE", "STATE", "PID", "CPU%", "MEMORY", "TASKS", "RESTARTS", "LAST EXIT", "NEXT RUN" };

    private static IReadOnlyList<string> Cells(Row row)
    {
        var s = row.Status;
        return new[]
        {
            s.Name,
            s.Kind is { } kind ? Output.Word(kind) : "-",
            s.User is null ? (s.Scope is { } scope ? Output.Word(scope) : "-") : "user:" + s.User,
            Output.Word(s.State),
            s.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",
            row.CpuPercent is { } percent ? percent.ToString("0.0", CultureInfo.InvariantCulture) : "-",
            s.MemoryBytes is { } memory ? (memory / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB" : "-",
            s.TaskCount?.ToString(CultureInfo.InvariantCulture) ?? "-",
            s.RestartCount?.ToString(CultureInfo.InvariantCulture) ?? "-",
            s.ExitReason ?? "-",
            s.NextRunAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
        };
    }

    /// <summary>One screen: a title line, the keys, the table cut to the terminal's size, the filter being typed.</summary>
    private static void Draw(TextWriter output, View view, IReadOnlyList<Row> rows, TimeSpan interval, string? typing = null)
    {
        var width = Math.Max(20, Console.WindowWidth);
        var height = Math.Max(5, Console.WindowHeight);
        var table = new StringWriter();
        var shown = view.Arrange(rows).ToList();
        Output.WriteTable(table, Headers, shown.Select(Cells).ToList());
        var lines = new List<string>
        {
            $"svcmgmt top - {DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}  {shown.Count} of {rows.Count} job(s), by {view.Sort}, every {interval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
                + (view.Filter.Length > 0 ? $", names with '{view.Filter}'" : string.Empty),
            typing is null ? Keys : "filter: " + typing,
            string.Empty,
        };
        lines.AddRange(table.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Take(height - lines.Count - 1));
        var screen = new StringBuilder("\u001b[H\u001b[2J");
        screen.Append(string.Join("\r\n", lines.Select(l => l.Length > width ? l.Substring(0, width) : l)));
        output.Write(screen.ToString());
        output.Flush();
    }

    /// <summary>Until the next refresh, answers keys; false when the user quits (q, Ctrl+C) or the command is cancelled.</summary>
    private static bool Wait(TextWriter output, View view, IReadOnlyList<Row> rows, TimeSpan interval, CancellationToken cancellation)
    {
        var until = DateTime.UtcNow + interval;
        while (DateTime.UtcNow < until)
        {
            if (cancellation.IsCancellationRequested)
            {
                return false;
            }

            if (!Console.KeyAvailable)
            {
                cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
                continue;
            }

            var key = Console.ReadKey(intercept: true);
            if (key.KeyChar is 'q' or 'Q' || (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control)))
            {
                return false;
            }

            var sort = key.KeyChar switch { 'c' => "cpu", 'm' => "memory", 'n' => "name", 'r' => "restarts", _ => null };
            if (sort is not null)
            {
                view.Sort = sort;
                Draw(output, view, rows, interval);
            }
            else if (key.KeyChar == '/')
            {
                view.Filter = ReadFilter(output, view, rows, interval);
                Draw(output, view, rows, interval);
            }
        }

        return true;
    }

    private static string ReadFilter(TextWriter output, View view, IReadOnlyList<Row> rows, TimeSpan interval)
    {
        var typed = new StringBuilder();
        Draw(output, view, rows, interval, string.Empty);
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    return typed.ToString();
                case ConsoleKey.Escape:
                    return view.Filter;
                case ConsoleKey.Backspace when typed.Length > 0:
                    typed.Length--;
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        typed.Append(key.KeyChar);
                    }

                    break;
            }

            Draw(output, view, rows, interval, typed.ToString());
        }
    }
}
