using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>Reading: units (vendor or ours) into a definition, with what the model does not say kept verbatim.</summary>
internal static partial class SystemdTranslator
{
    /// <summary>
    /// Reads a job from its units. Where the units carry no marker saying otherwise, the job is a
    /// <paramref name="kind"/> of <paramref name="scope"/> (the store knows from the directory).
    /// </summary>
    public static BackgroundJobDefinition Parse(SystemdUnits units, JobKind kind, JobScope scope, string? user = null)
    {
        var service = units.Service;
        var marker = ManagedMarker.Read((field, _) => service.Effective("Unit", ManagedMarker.KeyPrefix + field));
        var sandbox = SystemdSandbox.Read(service);
        var definition = new BackgroundJobDefinition(units.Name, marker.Kind ?? kind, marker.Scope ?? scope)
        {
            User = marker.User ?? user,
            Description = Plain(service.Last("Unit", "Description")),
            StartupType = marker.StartupType,
            Dependencies = ValueList<string>.From(Dependencies(service)),
            Environment = ReadEnvironment(service, units.Secrets ?? ValueMap<string>.Empty, marker.Secrets),
            SecretEnvironment = marker.Secrets,
            WorkingDirectory = Plain(service.Last("Service", "WorkingDirectory")) is { } directory && directory.StartsWith("/", StringComparison.Ordinal) ? directory : null,
            RunAs = ReadRunAs(service),
            Restart = ReadRestart(service),
            StandardOutputPath = AppendPath(service.Last("Service", "StandardOutput")),
            StandardErrorPath = AppendPath(service.Last("Service", "StandardError")),
            ResourceLimits = ReadLimits(service),
            Sandbox = sandbox.Profile,
            Confinement = sandbox.Confinement,
            Schedule = units.Timer is null ? null : ReadSchedule(units.Timer, marker.Cron),
            Sockets = ValueList<SocketSpec>.From(units.Sockets.Select(ReadSocket).TakeWhile(s => s is not null).Select(s => s!)),
            Activation = ReadActivation(units),
            Watch = units.Path is null ? null : ReadWatch(units.Path),
            Managed = marker.Managed,
            Platform = JobPlatform.Systemd,
            Origin = JobOrigin.Machine,
        };

        var commands = service.Effective("Service", "ExecStart");
        if (commands.Count == 1 && SystemdSyntax.TryParseCommandLine(commands[0], out var program, out var arguments))
        {
            definition = definition with { Program = program, Arguments = ValueList<string>.From(arguments) };
        }

        return definition with { Unmodelled = Unmodelled(definition, units) };
    }

    /// <summary>
    /// Every key whose values in the files differ from what the parsed model renders, compared as written:
    /// an empty assignment is a setting of its own (<c>CapabilityBoundingSet=</c> drops every capability).
    /// </summary>
    private static ValueMap<RawValue> Unmodelled(BackgroundJobDefinition parsed, SystemdUnits units)
    {
        var (service, timer, sockets, path) = Build(parsed);
        var pairs = new List<(FileKind Kind, UnitFile? Original, UnitFile? Rendered)>
        {
            (FileKind.Service, units.Service, service.Build()),
            (FileKind.Timer, units.Timer, timer?.Build()),
            (FileKind.Socket, units.Sockets.FirstOrDefault(), sockets.FirstOrDefault().Builder?.Build()),
            (FileKind.Path, units.Path, path?.Build()),
        };

        var sections = new Dictionary<string, List<(string Key, RawValue Value)>>(StringComparer.Ordinal);
        foreach (var (kind, original, rendered) in pairs)
        {
            var keys = new[] { original, rendered }
                .Where(f => f is not null)
                .SelectMany(f => f!.Sections.SelectMany(s => s.Entries.Select(e => (Section: s.Name, e.Key))))
                .Distinct();
            foreach (var (section, key) in keys.Where(k => !k.Key.StartsWith(ManagedMarker.KeyPrefix, StringComparison.Ordinal)))
            {
                var originalValues = original?.All(section, key) ?? Array.Empty<string>();
                if (kind == FileKind.Service && section == "Service" && key == "Environment" && parsed.SecretEnvironment.Count > 0)
                {
                    // A unit of an earlier version held its secrets inline; their values never become raw settings
                    // (which every output shows). The missing EnvironmentFile= still differs, so a rewrite moves them out.
                    originalValues = originalValues.Where(v => !SystemdSyntax.TryParseEnvironment(v, out var assignments) || !assignments.Any(a => parsed.SecretEnvironment.Contains(a.Key))).ToList();
                }

                var renderedValues = rendered?.All(section, key) ?? Array.Empty<string>();
                if (originalValues.SequenceEqual(renderedValues, StringComparer.Ordinal))
                {
                    continue;
                }

                var name = SectionKey(kind, section);
                if (!sections.TryGetValue(name, out var entries))
                {
                    sections.Add(name, entries = new List<(string, RawValue)>());
                }

                entries.Add((key, originalValues.Count == 1
                    ? new RawScalar(originalValues[0])
                    : new RawList(ValueList<RawValue>.From(originalValues.Select(v => (RawValue)new RawScalar(v))))));
            }
        }

        return ValueMap<RawValue>.From(sections.Select(s => (s.Key, (RawValue)new RawMap(ValueMap<RawValue>.From(s.Value)))));
    }

    private static IEnumerable<string> Dependencies(UnitFile service)
    {
        var after = new HashSet<string>(Words(service.Effective("Unit", "After")), StringComparer.Ordinal);
        return Words(service.Effective("Unit", "Wants")).Where(after.Contains).Distinct().Select(JobName);
    }

    /// <summary>A service dependency read back as the job's name, so that what was declared reads back the same.</summary>
    private static string JobName(string unit) =>
        unit.EndsWith(".service", StringComparison.Ordinal) ? unit.Substring(0, unit.Length - ".service".Length) : unit;

    private static IEnumerable<string> Words(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The Environment= assignments, and of <paramref name="secrets"/> those the unit names as its secrets.</summary>
    private static ValueMap<string> ReadEnvironment(UnitFile service, ValueMap<string> secrets, IReadOnlyList<string> secretNames)
    {
        var environment = secretNames.Where(secrets.ContainsKey).Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => secrets[n], StringComparer.Ordinal);
        foreach (var value in service.Effective("Service", "Environment"))
        {
            if (!SystemdSyntax.TryParseEnvironment(value, out var assignments))
            {
                return ValueMap<string>.Empty;
            }

            foreach (var assignment in assignments)
            {
                environment[assignment.Key] = assignment.Value;
            }
        }

        return ValueMap<string>.From(environment);
    }

    private static RunAs? ReadRunAs(UnitFile service)
    {
        var user = Plain(service.Last("Service", "User"));
        var group = Plain(service.Last("Service", "Group"));
        return user is null && group is null ? null : new RunAs { User = user, Group = group };
    }

    private static RestartPolicy? ReadRestart(UnitFile service)
    {
        RestartCondition? policy = service.Last("Service", "Restart") switch
        {
            "no" => RestartCondition.Never,
            "on-failure" => RestartCondition.OnFailure,
            "always" => RestartCondition.Always,
            _ => null,
        };
        if (policy is null)
        {
            return null;
        }

        Duration? delay = service.Last("Service", "RestartSec") is { } text && SystemdTime.TryParseTimeSpan(text, out var parsed) ? parsed : null;
        RestartThrottle? throttle = null;
        if (service.Last("Unit", "StartLimitIntervalSec") is { } interval && SystemdTime.TryParseTimeSpan(interval, out var window)
            && int.TryParse(service.Last("Unit", "StartLimitBurst"), NumberStyles.None, CultureInfo.InvariantCulture, out var burst))
        {
            throttle = new RestartThrottle(burst, window);
        }

        return new RestartPolicy(policy.Value) { Delay = delay, Throttle = throttle };
    }

    private static ResourceLimits? ReadLimits(UnitFile service)
    {
        static long? Number(string? text) =>
            text is not null && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

        long? memory = null;
        if (service.Last("Service", "MemoryMax") is { } memoryText && MemoryPattern.Match(memoryText) is { Success: true } match)
        {
            var shift = match.Groups[2].Value.Length == 0 ? 0 : 10 * ("KMGT".IndexOf(match.Groups[2].Value, StringComparison.Ordinal) + 1);
            var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            memory = amount > 0 && amount <= long.MaxValue >> shift ? amount << shift : null;
        }

        var cpu = service.Last("Service", "CPUQuota") is { } quota && quota.EndsWith("%", StringComparison.Ordinal) ? Number(quota.TrimEnd('%')) : null;
        int? nice = int.TryParse(service.Last("Service", "Nice"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var niceValue) ? niceValue : null;
        var limits = new ResourceLimits
        {
            OpenFiles = Number(service.Last("Service", "LimitNOFILE")),
            Processes = Number(service.Last("Service", "LimitNPROC")),
            MemoryBytes = memory,
            CpuPercent = cpu is > 0 and <= int.MaxValue ? (int)cpu : null,
            Nice = nice,
        };
        return limits == new ResourceLimits() ? null : limits;
    }

    /// <summary>A timer's schedule: the cron text the marker keeps when it was written from one, else its interval.</summary>
    private static Schedule? ReadSchedule(UnitFile timer, string? cron)
    {
        if (cron is not null)
        {
            return Schedule.OnCron(cron);
        }

        var active = timer.Effective("Timer", "OnUnitActiveSec");
        return active.Count == 1 && SystemdTime.TryParseTimeSpan(active[0], out var every) ? Schedule.EveryInterval(every) : null;
    }

    /// <summary>
    /// The name the bus starts the job for: the one a bus service file gives it (the store found it), else, for units
    /// read alone, the <c>BusName=</c> of a <c>Type=dbus</c> service, which is how we write one.
    /// </summary>
    private static Activation? ReadActivation(SystemdUnits units)
    {
        var name = units.BusActivatedAs ?? (units.Service.Last("Service", "Type") == "dbus" ? units.Service.Last("Service", "BusName") : null);
        return name is { Length: > 0 } ? new Activation(name) : null;
    }

    /// <summary>
    /// The paths a path unit watches as the model says them; null when it watches none that way (only
    /// <c>PathExists=</c> or <c>PathModified=</c>, which stay native settings), so the unit is kept as it is.
    /// </summary>
    private static PathWatch? ReadWatch(UnitFile path)
    {
        var watch = new PathWatch
        {
            Paths = ValueList<string>.From(path.Effective("Path", "PathChanged").Select(Plain).Where(p => p is not null).Select(p => p!)),
            QueueDirectories = ValueList<string>.From(path.Effective("Path", "DirectoryNotEmpty").Select(Plain).Where(p => p is not null).Select(p => p!)),
        };
        return watch.Paths.Count == 0 && watch.QueueDirectories.Count == 0 ? null : watch;
    }

    private static SocketSpec? ReadSocket(UnitFile socket)
    {
        var name = socket.Last("Socket", "FileDescriptorName");
        var stream = socket.Effective("Socket", "ListenStream");
        var datagram = socket.Effective("Socket", "ListenDatagram");
        if (name is null || stream.Count + datagram.Count != 1)
        {
            return null;
        }

        var listen = stream.Count == 1 ? stream[0] : datagram[0];
        var accept = SystemdSyntax.IsTrue(socket.Last("Socket", "Accept"));
        if (listen.StartsWith("/", StringComparison.Ordinal))
        {
            return stream.Count == 1 && SystemdSyntax.TryParsePlain(listen, out var path) ? new SocketSpec(name, SocketProtocol.Unix) { Path = path, Accept = accept } : null;
        }

        var protocol = stream.Count == 1 ? SocketProtocol.Tcp : SocketProtocol.Udp;
        var colon = listen.LastIndexOf(':');
        var address = colon < 0 ? null : listen.Substring(0, colon).Trim('[', ']');
        return int.TryParse(colon < 0 ? listen : listen.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new SocketSpec(name, protocol) { Address = address, Port = port, Accept = accept }
            : null;
    }

    private static string? AppendPath(string? value) =>
        value is not null && value.StartsWith("append:", StringComparison.Ordinal) && Plain(value.Substring(7)) is { } path && path.StartsWith("/", StringComparison.Ordinal) ? path : null;

    private static string? Plain(string? value) => value is not null && SystemdSyntax.TryParsePlain(value, out var text) ? text : null;
}
