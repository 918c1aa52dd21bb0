using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// Memory and CPU time of running jobs on macOS, where <c>launchctl print</c> has no figures: one
/// <c>ps -o pid=,rss=,time= -p PID,…</c> for all of them (ps(1): rss in KiB; time as [[dd-]hh:]mm:ss[.ss]).
/// </summary>
internal static class ProcessFigures
{
    public static CommandLine Command(IEnumerable<int> processIds) =>
        new("ps", new[] { "-o", "pid=,rss=,time=", "-p", string.Join(",", processIds.Select(p => p.ToString(CultureInfo.InvariantCulture))) });

    /// <summary>The statuses, each with its process's memory and CPU time where ps listed it.</summary>
    public static IReadOnlyList<BackgroundJobStatus> Fill(IReadOnlyList<BackgroundJobStatus> statuses, ICommandRunner runner)
    {
        var pids = (statuses ?? throw new ArgumentNullException(nameof(statuses))).Where(s => s.ProcessId is not null).Select(s => s.ProcessId!.Value).Distinct().ToList();
        if (pids.Count == 0)
        {
            return statuses;
        }

        // ps exits 1 when one of the processes has gone meanwhile; the others are still listed.
        var figures = Parse((runner ?? throw new ArgumentNullException(nameof(runner))).Run(Command(pids)).StandardOutput);
        return statuses.Select(s => s.ProcessId is { } pid && figures.TryGetValue(pid, out var f) ? s with { MemoryBytes = f.Memory, CpuTime = f.Cpu } : s).ToList();
    }

    /// <summary>ps's lines (pid, rss in KiB, cumulative CPU time) by process id; lines that do not read so are skipped.</summary>
    public static IReadOnlyDictionary<int, (long Memory, TimeSpan Cpu)> Parse(string output)
    {
        var figures = new Dictionary<int, (long, TimeSpan)>();
        foreach (var line in (output ?? throw new ArgumentNullException(nameof(output))).Split('\n'))
        {
            var fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 3
                && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                && CpuTime(fields[2]) is { } cpu)
            {
                figures[pid] = (kib * 1024, cpu);
            }
        }

        return figures;
    }

    /// <summary>[[dd-]hh:]mm:ss[.ss], where the leading field may exceed its usual range (macOS prints 125:03.52).</summary>
    private static TimeSpan? CpuTime(string text)
    {
        var days = 0;
        var dash = text.IndexOf('-');
        if (dash > 0)
        {
            if (!int.TryParse(text.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out days))
            {
                return null;
            }

            text = text.Substring(dash + 1);
        }

        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || !double.TryParse(parts[parts.Length - 1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var total = seconds + (days * 86400.0);
        var unit = 60.0;
        for (var i = parts.Length - 2; i >= 0; i--, unit *= 60)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            total += value * unit;
        }

        return TimeSpan.FromTicks((long)Math.Round(total * TimeSpan.TicksPerSecond));
    }
}
