namespace ServiceManagement.Model;

/// <summary>When a job runs on a timer: exactly one of <see cref="Every"/> and <see cref="Cron"/>.</summary>
public sealed record Schedule
{
    public Duration? Every { get; init; }

    public CronExpression? Cron { get; init; }

    public static Schedule EveryInterval(Duration interval) => new() { Every = interval };

    public static Schedule OnCron(string expression) => new() { Cron = new CronExpression(expression) };

    /// <summary>As a person reads it in a list: <c>every 15m</c>, <c>cron 0 2 * * *</c>.</summary>
    public override string ToString() => Every is { } every ? "every " + every : Cron is { } cron ? "cron " + cron.Text : string.Empty;
}

/// <summary>How the job manager reacts when the job's process ends.</summary>
public sealed record RestartPolicy(RestartCondition Policy)
{
    /// <summary>How long to wait before starting the process again.</summary>
    public Duration? Delay { get; init; }

    /// <summary>Stop restarting after this many starts within an interval.</summary>
    public RestartThrottle? Throttle { get; init; }

    /// <summary>As a person reads it in a list: <c>onFailure, delay 10s, at most 5 starts in 1m</c>.</summary>
    public override string ToString() =>
        string.Join(", ", new[] { EnumNames.YamlName(Policy.ToString()), Delay is { } delay ? "delay " + delay : null, Throttle?.ToString() }.Where(p => p is not null));
}

/// <summary>At most <see cref="Burst"/> starts within <see cref="Interval"/>; past that the job is left failed.</summary>
public sealed record RestartThrottle(int Burst, Duration Interval)
{
    public override string ToString() => $"at most {Burst.ToString(System.Globalization.CultureInfo.InvariantCulture)} starts in {Interval}";
}

/// <summary>
/// The identity a daemon runs as. <see cref="User"/> and <see cref="Group"/> are POSIX names;
/// <see cref="Account"/> is a Windows account (LocalSystem, LocalService, NetworkService,
/// <c>NT SERVICE\name</c>, <c>DOMAIN\user</c>, a gMSA ending in <c>$</c>).
/// </summary>
public sealed record RunAs
{
    public string? User { get; init; }

    public string? Group { get; init; }

    public string? Account { get; init; }

    /// <summary>As a person reads it in a list: <c>user backup, group backup</c>.</summary>
    public override string ToString() =>
        string.Join(", ", new[] { User is null ? null : "user " + User, Group is null ? null : "group " + Group, Account is null ? null : "account " + Account }.Where(p => p is not null));
}

/// <summary>A listening socket the job manager opens and hands to the job on demand.</summary>
public sealed record SocketSpec(string Name, SocketProtocol Protocol)
{
    /// <summary>The address to bind for tcp and udp; every address when absent.</summary>
    public string? Address { get; init; }

    public int? Port { get; init; }

    /// <summary>The socket file for unix sockets.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// The job manager accepts each connection and starts one instance of the job for it, the connection its
    /// standard input and output (inetd's way: launchd's <c>inetdCompatibility</c> without <c>Wait</c>, systemd's
    /// <c>Accept=yes</c> with a template service); otherwise the job is handed the listening socket and accepts itself.
    /// </summary>
    public bool Accept { get; init; }

    /// <summary>As a person reads it in a list: <c>web tcp [::1]:443</c>, <c>control unix /run/app.sock</c>.</summary>
    public override string ToString()
    {
        var port = Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        var where = Protocol == SocketProtocol.Unix ? Path : Address is null ? port : Address.Contains(":") ? $"[{Address}]:{port}" : $"{Address}:{port}";
        return $"{Name} {EnumNames.YamlName(Protocol.ToString())} {where}{(Accept ? " (accept)" : string.Empty)}";
    }
}

/// <summary>
/// The IPC name a client asks for to start the job: launchd's <c>MachServices</c>; on systemd a D-Bus name
/// (<c>Type=dbus</c>, <c>BusName=</c> and the bus's service file naming the unit) on the system bus for a
/// daemon, on the user's bus for an agent.
/// </summary>
public sealed record Activation(string Name)
{
    public override string ToString() => Name;
}

/// <summary>
/// Paths whose changes start the job, and which the job manager watches for it: launchd's <c>WatchPaths</c> and
/// <c>QueueDirectories</c>, systemd's <c>NAME.path</c> (<c>PathChanged=</c>, <c>DirectoryNotEmpty=</c>).
/// </summary>
public sealed record PathWatch
{
    /// <summary>Files or directories: a change to one (written and closed, created, deleted, renamed) starts the job once.</summary>
    public ValueList<string> Paths { get; init; } = ValueList<string>.Empty;

    /// <summary>Directories: the job is started while one holds an entry, and again after each run until all are empty.</summary>
    public ValueList<string> QueueDirectories { get; init; } = ValueList<string>.Empty;

    /// <summary>As a person reads it in a list: <c>/etc/app.conf; queue /var/spool/app</c>.</summary>
    public override string ToString() => string.Join("; ", Paths.Concat(QueueDirectories.Select(q => "queue " + q)));
}

/// <summary>Limits on what the job's processes may use.</summary>
public sealed record ResourceLimits
{
    /// <summary>Open file descriptors (RLIMIT_NOFILE).</summary>
    public long? OpenFiles { get; init; }

    /// <summary>Processes the job's user may have (RLIMIT_NPROC).</summary>
    public long? Processes { get; init; }

    /// <summary>Memory ceiling in bytes.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>CPU time as a percentage of one core (200 means two cores).</summary>
    public int? CpuPercent { get; init; }

    /// <summary>Scheduling niceness, -20 (favoured) to 19.</summary>
    public int? Nice { get; init; }

    /// <summary>As a person reads it in a list: <c>openFiles 1024, nice 5</c>.</summary>
    public override string ToString()
    {
        static string? Part(string name, long? value) => value is { } v ? name + " " + v.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return string.Join(", ", new[] { Part("openFiles", OpenFiles), Part("processes", Processes), Part("memory", MemoryBytes), Part("cpuPercent", CpuPercent), Part("nice", Nice) }.Where(p => p is not null));
    }
}
