using System.Globalization;
using ServiceManagement.IO;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Linux;

/// <summary>
/// A job's main process as /proc shows it, for the figures its manager does not account: systemd 252 counts
/// no CPU time by default, and a user manager no memory. These cover the main process only, not its children.
/// </summary>
internal static class ProcessTable
{
    /// <summary>USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux architecture .NET runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    /// <summary>Room for /proc/PID/status (about 1.5 KB) and stat, one per thread: a view reads them for every job at every refresh.</summary>
    [ThreadStatic]
    private static byte[]? Buffer;

    /// <summary>The status with what is missing of memory, CPU time and tasks read from <c>PROC/PID/status</c> and <c>stat</c>.</summary>
    public static BackgroundJobStatus Fill(BackgroundJobStatus status, string procDirectory)
    {
        if ((status ?? throw new ArgumentNullException(nameof(status))).ProcessId is not { } pid || (status.MemoryBytes is not null && status.CpuTime is not null && status.TaskCount is not null))
        {
            return status;
        }

        var directory = Path.Combine(procDirectory, pid.ToString(CultureInfo.InvariantCulture));
        var buffer = Buffer ??= new byte[8192];

        // status (memory, threads) is ten times the size of stat (CPU time), and the manager usually has its figures.
        // Either is missing when the process ended between the manager's answer and now, or belongs to someone this
        // user may not inspect.
        var statusText = status.MemoryBytes is null || status.TaskCount is null ? Posix.ReadKernelFile(Path.Combine(directory, "status"), buffer) : null;
        var statText = status.CpuTime is null ? Posix.ReadKernelFile(Path.Combine(directory, "stat"), buffer) : null;
        if (statusText is null && statText is null)
        {
            return status;
        }

        return status with
        {
            MemoryBytes = status.MemoryBytes ?? Field(statusText ?? string.Empty, "VmRSS") * 1024,
            TaskCount = status.TaskCount ?? (int?)Field(statusText ?? string.Empty, "Threads"),
            CpuTime = status.CpuTime ?? CpuTime(statText ?? string.Empty),
        };
    }

    /// <summary>A <c>Name:  value [kB]</c> line of /proc/PID/status as a number.</summary>
    private static long? Field(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                var value = line.Substring(name.Length + 1).Trim().Split(' ')[0];
                return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
            }
        }

        return null;
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat, counted after the parenthesised command, which may hold spaces).</summary>
    private static TimeSpan? CpuTime(string stat)
    {
        var fields = stat.Substring(stat.LastIndexOf(')') + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 12
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? TimeSpan.FromTicks((user + system) * (TimeSpan.TicksPerSecond / ClockTicksPerSecond))
            : null;
    }
}
