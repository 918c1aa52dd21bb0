using ServiceManagement.Model;
using ServiceManagement.Text;

namespace ServiceManagement.Validation;

/// <summary>The checks of what a job manager does with a job: restarts, schedules, sockets, dependencies and limits.</summary>
public static partial class DefinitionValidator
{
    /// <summary>systemd's CPUQuota= and launchd's and Windows' equivalents in percent of one CPU: a thousand CPUs at most.</summary>
    private const int MaxCpuPercent = 100_000;

    private static void CheckRestart(BackgroundJobDefinition d, Findings findings)
    {
        if (d.Restart is not { } restart)
        {
            return;
        }

        if (d.Kind == JobKind.LoginItem && (restart.Policy != RestartCondition.Never || restart.Delay is not null || restart.Throttle is not null))
        {
            findings.Error("LoginItemRestart", "restart", "A login item starts once at login and is never restarted; remove restart or make the job an agent.");
        }

        findings.Positive("restart.delay", restart.Delay);
        if (restart.Throttle is { } throttle)
        {
            if (throttle.Burst < 1)
            {
                findings.Error("ThrottleBurstInvalid", "restart.throttle.burst", $"The burst must be at least 1 start; it is {throttle.Burst}.");
            }

            findings.Positive("restart.throttle.interval", throttle.Interval);
        }
    }

    private static void CheckSchedule(BackgroundJobDefinition d, Findings findings)
    {
        if (d.Schedule is not { } schedule)
        {
            return;
        }

        if (d.Kind == JobKind.LoginItem)
        {
            findings.Error("LoginItemSchedule", "schedule", "A login item runs at login, not on a schedule; remove schedule or make the job an agent or a daemon.");
        }

        if ((schedule.Every is null) == (schedule.Cron is null))
        {
            findings.Error("ScheduleAmbiguous", "schedule", "A schedule has exactly one of every (such as 15m) or cron (such as \"0 2 * * *\").");
        }

        findings.Positive("schedule.every", schedule.Every);
        if (schedule.Cron is { } cron && findings.Text("schedule.cron", cron.Text, 256))
        {
            foreach (var error in cron.Errors)
            {
                findings.Error("CronInvalid", "schedule.cron", error);
            }
        }
    }

    private static void CheckSockets(BackgroundJobDefinition d, TargetOperatingSystem? os, Findings findings)
    {
        // systemd names the instances after the socket unit, and launchd's inetd mode is the whole job's.
        if (d.Sockets.Count > 1 && d.Sockets.Any(s => s.Accept))
        {
            findings.Error("SocketAcceptAlone", $"sockets[{d.Sockets.Select((s, i) => (s, i)).First(p => p.s.Accept).i}].accept", "A job that accepts connections (one instance each) listens on one socket only; make the other sockets jobs of their own.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < d.Sockets.Count; i++)
        {
            var socket = d.Sockets[i];
            var path = $"sockets[{i}]";
            if (!IsJobName(socket.Name))
            {
                findings.Error("SocketNameInvalid", path + ".name", $"'{Shorten(socket.Name)}' is not a valid socket name: letters, digits, '.', '_' or '-'.");
            }
            else if (!names.Add(socket.Name))
            {
                findings.Error("SocketNameDuplicate", path + ".name", $"The socket name '{socket.Name}' is used twice in this job.");
            }

            if (socket.Protocol == SocketProtocol.Unix)
            {
                if (socket.Path is null)
                {
                    findings.Error("SocketPathRequired", path + ".path", "A unix socket needs the absolute path of its socket file.");
                }

                findings.AbsolutePath(path + ".path", socket.Path, os);
                if (socket.Port is not null || socket.Address is not null)
                {
                    findings.Error("SocketUnixAddress", path, "A unix socket has a path, not an address or a port.");
                }
            }
            else
            {
                if (socket.Port is not { } port || port is < 1 or > 65535)
                {
                    findings.Error("SocketPortInvalid", path + ".port", $"A {socket.Protocol.ToString().ToLowerInvariant()} socket needs a port from 1 to 65535.");
                }

                if (socket.Address is not null && findings.Text(path + ".address", socket.Address, 255)
                    && !System.Net.IPAddress.TryParse(socket.Address, out _))
                {
                    findings.Error("SocketAddressInvalid", path + ".address", $"'{Shorten(socket.Address)}' is not an IPv4 or IPv6 address.");
                }

                if (socket.Path is not null)
                {
                    findings.Error("SocketPathForNetwork", path + ".path", "Only unix sockets have a path; tcp and udp sockets have an address and a port.");
                }

                if (socket.Accept && socket.Protocol == SocketProtocol.Udp)
                {
                    findings.Error("SocketAcceptDatagram", path + ".accept", "A udp socket has no connections to accept; accept is for tcp and unix sockets.");
                }
            }
        }
    }

    /// <summary>A D-Bus well-known name, which launchd's Mach service names also follow by convention: two or more dot-separated elements.</summary>
    private static readonly Pattern BusNamePattern = new(@"^[A-Za-z_-][A-Za-z0-9_-]*(\.[A-Za-z_-][A-Za-z0-9_-]*)+$");

    private static void CheckActivation(BackgroundJobDefinition d, Findings findings)
    {
        if (d.Activation is not { } activation)
        {
            return;
        }

        if (activation.Name.Length > 255 || !BusNamePattern.IsMatch(activation.Name))
        {
            findings.Error("ActivationNameInvalid", "activation.name", $"'{Shorten(activation.Name)}' is not a service name a bus can own: two or more dot-separated elements of letters, digits, '_' or '-', not starting with a digit (such as org.example.Echo), at most 255 characters.");
        }

        if (d.Kind == JobKind.LoginItem)
        {
            findings.Error("LoginItemActivation", "activation", "A login item runs at login, not when a client asks for it; remove activation or make the job an agent or a daemon.");
        }
    }

    private static void CheckWatch(BackgroundJobDefinition d, TargetOperatingSystem? os, Findings findings)
    {
        if (d.Watch is not { } watch)
        {
            return;
        }

        if (watch.Paths.Count == 0 && watch.QueueDirectories.Count == 0)
        {
            findings.Error("WatchEmpty", "watch", "A watch needs at least one path or queue directory.");
        }

        if (d.Kind == JobKind.LoginItem)
        {
            findings.Error("LoginItemWatch", "watch", "A login item runs at login, not when a path changes; remove watch or make the job an agent or a daemon.");
        }

        foreach (var (list, key) in new[] { (watch.Paths, "watch.paths"), (watch.QueueDirectories, "watch.queueDirectories") })
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                findings.AbsolutePath($"{key}[{i}]", list[i], os);
                if (!seen.Add(list[i]))
                {
                    findings.Error("WatchPathDuplicate", $"{key}[{i}]", $"'{Shorten(list[i])}' is watched twice.");
                }
            }
        }
    }

    private static void CheckDependencies(BackgroundJobDefinition d, Findings findings)
    {
        for (var i = 0; i < d.Dependencies.Count; i++)
        {
            var dependency = d.Dependencies[i];
            var path = $"dependencies[{i}]";
            if (!findings.Text(path, dependency, 256))
            {
                continue;
            }

            if (!IsUnitLikeName(dependency))
            {
                findings.Error("DependencyInvalid", path, $"'{Shorten(dependency)}' is not a job, unit or service name.");
            }
            else if (string.Equals(dependency, d.Name, StringComparison.OrdinalIgnoreCase))
            {
                findings.Error("DependencyOnSelf", path, "A job cannot depend on itself.");
            }
        }
    }

    /// <summary>A letter or digit, then letters, digits and <c>. _ @ : \ -</c>: a job's, a unit's or a Windows service's name.</summary>
    private static bool IsUnitLikeName(string name) =>
        name.Length > 0 && Ascii.IsLetterOrDigit(name[0]) && name.All(c => Ascii.IsLetterOrDigit(c) || c is '.' or '_' or '@' or ':' or '\\' or '-');

    private static void CheckResourceLimits(BackgroundJobDefinition d, Findings findings)
    {
        if (d.ResourceLimits is not { } limits)
        {
            return;
        }

        foreach (var (key, value) in new[] { ("openFiles", limits.OpenFiles), ("processes", limits.Processes), ("memory", limits.MemoryBytes), ("cpuPercent", (long?)limits.CpuPercent) })
        {
            if (value is <= 0)
            {
                findings.Error("ResourceLimitInvalid", "resourceLimits." + key, $"{key} must be greater than zero; it is {value}.");
            }
        }

        if (limits.CpuPercent is > MaxCpuPercent)
        {
            findings.Error("ResourceLimitInvalid", "resourceLimits.cpuPercent", $"cpuPercent runs up to {MaxCpuPercent} (a thousand CPUs); it is {limits.CpuPercent}.");
        }

        if (limits.Nice is < -20 or > 19)
        {
            findings.Error("NiceOutOfRange", "resourceLimits.nice", $"nice runs from -20 (most favoured) to 19; it is {limits.Nice}.");
        }
    }
}
