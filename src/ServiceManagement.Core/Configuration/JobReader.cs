using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Text;
using ServiceManagement.Validation;

namespace ServiceManagement.Configuration;

/// <summary>Reads one job's mapping — in a <c>jobs:</c> list or a DSC resource's properties — into a configuration entry.</summary>
internal sealed class JobReader : ScalarReader
{
    internal static readonly string[] JobKeys =
    {
        "name", "kind", "scope", "user", "program", "arguments", "workingDirectory", "environment", "runAs",
        "description", "startupType", "restart", "schedule", "standardOutputPath", "standardErrorPath", "sockets",
        "activation", "watch", "dependencies", "resourceLimits", "sandbox", "ensure", "state", "origin", "launchd", "systemd", "windows",
    };

    private static readonly Pattern MemoryPattern = new("^([0-9]{1,15})([KMGT]?)$");

    public JobReader(string file)
        : base(file)
    {
    }

    public ConfigurationEntry ReadJob(YamlMapping job, string path, bool allowExist)
    {
        _locations = new Dictionary<string, SourceLocation> { [string.Empty] = job.Location };
        _entryPath = path;
        // DSC's canonical _exist; _metadata, which DSC 3.2 adds to a resource's input (its own context); and
        // _name and _securityContext, which export writes, so that an exported instance reads back as input.
        // The last three are ignored here.
        var keys = allowExist ? JobKeys.Concat(new[] { "_exist", "_metadata", "_name", "_securityContext" }).ToArray() : JobKeys;
        UnknownKeys(job, path, keys);
        if (allowExist && Find(job, "_metadata") is { } metadata)
        {
            Expect<YamlMapping>(metadata, Join(path, "_metadata"), "an object");
        }

        var kind = Enum(Find(job, "kind"), "kind", EnumNames.Of<JobKind>(), required: true) ?? JobKind.Daemon;
        var scope = Enum(Find(job, "scope"), "scope", EnumNames.Of<JobScope>()) ?? (kind == JobKind.Daemon ? JobScope.System : JobScope.User);
        var definition = new BackgroundJobDefinition(Text(Find(job, "name"), "name", required: true) ?? string.Empty, kind, scope)
        {
            User = Text(Find(job, "user"), "user"),
            Program = Text(Find(job, "program"), "program"),
            Arguments = StringList(Find(job, "arguments"), "arguments"),
            WorkingDirectory = Text(Find(job, "workingDirectory"), "workingDirectory"),
            Environment = StringMap(Find(job, "environment"), "environment", out var secrets),
            SecretEnvironment = secrets,
            RunAs = ReadRunAs(Find(job, "runAs")),
            Description = Text(Find(job, "description"), "description"),
            StartupType = Enum(Find(job, "startupType"), "startupType", EnumNames.Of<StartupType>()),
            Restart = ReadRestart(Find(job, "restart")),
            Schedule = ReadSchedule(Find(job, "schedule")),
            StandardOutputPath = Text(Find(job, "standardOutputPath"), "standardOutputPath"),
            StandardErrorPath = Text(Find(job, "standardErrorPath"), "standardErrorPath"),
            Sockets = ReadSockets(Find(job, "sockets")),
            Activation = ReadActivation(Find(job, "activation")),
            Watch = ReadWatch(Find(job, "watch")),
            Dependencies = StringList(Find(job, "dependencies"), "dependencies", lenient: false),
            ResourceLimits = ReadResourceLimits(Find(job, "resourceLimits")),
            Sandbox = ReadSandboxProfile(Find(job, "sandbox")),
            Confinement = ReadConfinement(Find(job, "sandbox")),
            Launchd = RawMapping(Find(job, "launchd"), "launchd"),
            Systemd = RawMapping(Find(job, "systemd"), "systemd"),
            Windows = RawMapping(Find(job, "windows"), "windows"),
            Origin = Enum(Find(job, "origin"), "origin", EnumNames.Of<JobOrigin>()) ?? JobOrigin.Authored,
        };

        var ensure = Enum(Find(job, "ensure"), "ensure", EnumNames.Of<Ensure>());
        var exist = allowExist ? Boolean(Find(job, "_exist"), "_exist") : null;
        if (exist is { } exists && ensure is { } stated && exists != (stated == Configuration.Ensure.Present))
        {
            Error("EnsureConflict", "_exist", $"_exist: {(exists ? "true" : "false")} contradicts ensure: {EnumNames.Of<Ensure>().First(n => n.Value == stated).Key}; keep one of them.", Find(job, "_exist")!.Location);
        }

        var effective = ensure ?? (exist == false ? Configuration.Ensure.Absent : Configuration.Ensure.Present);
        var state = Enum(Find(job, "state"), "state", EnumNames.Of<RunState>());
        if (state is not null && effective == Configuration.Ensure.Absent)
        {
            Error("StateOfAbsentJob", "state", "A job declared absent has no run state; remove state: (removing the job stops it).", Find(job, "state")!.Location);
        }
        else if (state is not null && RunStates.Undeclarable(definition) is { } why)
        {
            Error("StateUndeclarable", "state", why, Find(job, "state")!.Location);
        }

        return new ConfigurationEntry(definition, effective) { EntryPath = path, Locations = _locations, State = state };
    }


    /// <summary>
    /// Reads NAME: value pairs; a value written <c>{ secret: value }</c> is also named in <paramref name="secrets"/>,
    /// and <c>{ keepSecret: true }</c> names a secret without a value: the value the job on the machine has
    /// (what export writes, so that no secret value lands in a configuration file unasked).
    /// </summary>
    private ValueMap<string> StringMap(YamlNode? node, string path, out ValueList<string> secrets)
    {
        secrets = ValueList<string>.Empty;
        if (node is null)
        {
            return ValueMap<string>.Empty;
        }

        Record(path, node, absolute: false);
        if (Expect<YamlMapping>(node, Join(_entryPath, path), "a mapping of names to values") is not { } mapping)
        {
            return ValueMap<string>.Empty;
        }

        var entries = new List<(string, string)>();
        var secretNames = new List<string>();
        foreach (var entry in mapping.Entries)
        {
            var entryPath = path + "." + entry.Key.Value;
            var valueNode = entry.Value;
            if (valueNode is YamlMapping secret)
            {
                Record(entryPath, secret, absolute: false);
                UnknownKeys(secret, Join(_entryPath, entryPath), new[] { "secret", "keepSecret" });
                valueNode = Find(secret, "secret");
                var keep = Find(secret, "keepSecret");
                if ((valueNode is null) == (keep is null))
                {
                    Error("KeyMissing", entryPath + ".secret", "A secret is written { secret: VALUE }, or { keepSecret: true } to keep the value the machine has; one of them.", secret.Location);
                    continue;
                }

                secretNames.Add(entry.Key.Value);
                if (keep is not null)
                {
                    if (Boolean(keep, entryPath + ".keepSecret") != true)
                    {
                        Error("ValueInvalid", entryPath + ".keepSecret", "keepSecret takes only true; to stop keeping a secret, give its value ({ secret: VALUE }) or remove the variable.", keep.Location);
                    }

                    continue;
                }
            }

            if (ReadString(valueNode, entryPath, required: false, lenient: true, absolute: false) is { } value)
            {
                entries.Add((entry.Key.Value, value));
            }
        }

        secrets = ValueList<string>.From(secretNames.OrderBy(n => n, StringComparer.Ordinal));
        return ValueMap<string>.From(entries);
    }


    private RunAs? ReadRunAs(YamlNode? node)
    {
        if (Section(node, "runAs", new[] { "user", "group", "account" }) is not { } mapping)
        {
            return null;
        }

        return new RunAs
        {
            User = Text(Find(mapping, "user"), "runAs.user"),
            Group = Text(Find(mapping, "group"), "runAs.group"),
            Account = Text(Find(mapping, "account"), "runAs.account"),
        };
    }


    private RestartPolicy? ReadRestart(YamlNode? node)
    {
        if (Section(node, "restart", new[] { "policy", "delay", "throttle" }) is not { } mapping)
        {
            return null;
        }

        var policy = Enum(Find(mapping, "policy"), "restart.policy", EnumNames.Of<RestartCondition>(), required: true);
        RestartThrottle? throttle = null;
        if (Section(Find(mapping, "throttle"), "restart.throttle", new[] { "burst", "interval" }) is { } throttleMapping)
        {
            var burst = Integer(Find(throttleMapping, "burst"), "restart.throttle.burst", int.MinValue, int.MaxValue);
            var interval = ReadDuration(Find(throttleMapping, "interval"), "restart.throttle.interval");
            RequireKeys(throttleMapping, "restart.throttle", "burst", "interval");
            if (burst is not null && interval is not null)
            {
                throttle = new RestartThrottle((int)burst, interval.Value);
            }
        }

        return new RestartPolicy(policy ?? RestartCondition.Never)
        {
            Delay = ReadDuration(Find(mapping, "delay"), "restart.delay"),
            Throttle = throttle,
        };
    }


    private Schedule? ReadSchedule(YamlNode? node)
    {
        if (Section(node, "schedule", new[] { "every", "cron" }) is not { } mapping)
        {
            return null;
        }

        var cron = Text(Find(mapping, "cron"), "schedule.cron");
        return new Schedule
        {
            Every = ReadDuration(Find(mapping, "every"), "schedule.every"),
            Cron = cron is null ? null : new CronExpression(cron),
        };
    }


    private ValueList<SocketSpec> ReadSockets(YamlNode? node)
    {
        if (node is null)
        {
            return ValueList<SocketSpec>.Empty;
        }

        Record("sockets", node, absolute: false);
        if (Expect<YamlSequence>(node, Join(_entryPath, "sockets"), "a list of sockets") is not { } list)
        {
            return ValueList<SocketSpec>.Empty;
        }

        var sockets = new List<SocketSpec>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"sockets[{i}]";
            if (Section(list.Items[i], path, new[] { "name", "protocol", "address", "port", "path", "accept" }) is not { } mapping)
            {
                continue;
            }

            var name = Text(Find(mapping, "name"), path + ".name", required: true);
            var protocol = Enum(Find(mapping, "protocol"), path + ".protocol", EnumNames.Of<SocketProtocol>(), required: true);
            var socket = new SocketSpec(name ?? string.Empty, protocol ?? SocketProtocol.Tcp)
            {
                Address = Text(Find(mapping, "address"), path + ".address"),
                Port = (int?)Integer(Find(mapping, "port"), path + ".port", int.MinValue, int.MaxValue),
                Path = Text(Find(mapping, "path"), path + ".path"),
                Accept = Boolean(Find(mapping, "accept"), path + ".accept") ?? false,
            };
            sockets.Add(socket);
        }

        return ValueList<SocketSpec>.From(sockets);
    }

    private Activation? ReadActivation(YamlNode? node) =>
        Section(node, "activation", new[] { "name" }) is { } mapping ? new Activation(Text(Find(mapping, "name"), "activation.name", required: true) ?? string.Empty) : null;

    private PathWatch? ReadWatch(YamlNode? node)
    {
        if (Section(node, "watch", new[] { "paths", "queueDirectories" }) is not { } mapping)
        {
            return null;
        }

        return new PathWatch
        {
            Paths = StringList(Find(mapping, "paths"), "watch.paths", lenient: false),
            QueueDirectories = StringList(Find(mapping, "queueDirectories"), "watch.queueDirectories", lenient: false),
        };
    }

    /// <summary><c>sandbox: strict</c>, or the profile of <c>sandbox: { profile: strict, … }</c>.</summary>
    private SandboxProfile? ReadSandboxProfile(YamlNode? node) =>
        node is YamlMapping mapping ? Enum(Find(mapping, "profile"), "sandbox.profile", EnumNames.Of<SandboxProfile>()) : Enum(node, "sandbox", EnumNames.Of<SandboxProfile>());


    /// <summary>
    /// The capabilities of <c>sandbox: { network: none|local|any, filesystem: { readOnly, writable, hidden },
    /// devices: none|any, privileges: none|[CAP_…], user: dynamic }</c>; null for a bare profile.
    /// </summary>
    private Confinement? ReadConfinement(YamlNode? node)
    {
        if (node is not YamlMapping || Section(node, "sandbox", new[] { "profile", "network", "filesystem", "devices", "privileges", "user" }) is not { } mapping)
        {
            return null;
        }

        var filesystem = Section(Find(mapping, "filesystem"), "sandbox.filesystem", new[] { "readOnly", "writable", "hidden" });
        var privileges = Find(mapping, "privileges") switch
        {
            null => null,
            YamlScalar { Value: "none" } => ValueList<string>.Empty,
            var list => StringList(list, "sandbox.privileges", lenient: false),
        };
        var confinement = new Confinement
        {
            // any is no restriction, the same as leaving the setting out.
            Network = Enum(Find(mapping, "network"), "sandbox.network", new Dictionary<string, int> { ["none"] = 0, ["local"] = 1, ["any"] = 2 }) switch
            {
                0 => NetworkAccess.None,
                1 => NetworkAccess.Local,
                _ => null,
            },
            ReadOnlyFileSystem = filesystem is not null && Boolean(Find(filesystem, "readOnly"), "sandbox.filesystem.readOnly") == true,
            WritablePaths = filesystem is null ? ValueList<string>.Empty : StringList(Find(filesystem, "writable"), "sandbox.filesystem.writable", lenient: false),
            HiddenPaths = filesystem is null ? ValueList<string>.Empty : StringList(Find(filesystem, "hidden"), "sandbox.filesystem.hidden", lenient: false),
            NoDevices = Enum(Find(mapping, "devices"), "sandbox.devices", new Dictionary<string, bool> { ["none"] = true, ["any"] = false }) == true,
            Privileges = privileges,
            DynamicUser = Enum(Find(mapping, "user"), "sandbox.user", new Dictionary<string, bool> { ["dynamic"] = true }) == true,
        };
        return confinement.IsEmpty ? null : confinement;
    }


    private ResourceLimits? ReadResourceLimits(YamlNode? node)
    {
        if (Section(node, "resourceLimits", new[] { "openFiles", "processes", "memory", "cpuPercent", "nice" }) is not { } mapping)
        {
            return null;
        }

        return new ResourceLimits
        {
            OpenFiles = Integer(Find(mapping, "openFiles"), "resourceLimits.openFiles", long.MinValue, long.MaxValue),
            Processes = Integer(Find(mapping, "processes"), "resourceLimits.processes", long.MinValue, long.MaxValue),
            MemoryBytes = ReadMemory(Find(mapping, "memory")),
            CpuPercent = (int?)Integer(Find(mapping, "cpuPercent"), "resourceLimits.cpuPercent", int.MinValue, int.MaxValue),
            Nice = (int?)Integer(Find(mapping, "nice"), "resourceLimits.nice", int.MinValue, int.MaxValue),
        };
    }


    private long? ReadMemory(YamlNode? node)
    {
        const string Path = "resourceLimits.memory";
        if (node is YamlScalar { Type: YamlScalarType.Integer })
        {
            return Integer(node, Path, long.MinValue, long.MaxValue);
        }

        var text = Text(node, Path);
        if (text is null)
        {
            return null;
        }

        var match = MemoryPattern.Match(text);
        var shift = match.Success ? "KMGT".IndexOf(match.Groups[2].Value, StringComparison.Ordinal) + 1 : 0;
        if (match.Success && (match.Groups[2].Value.Length == 0 ? 0 : shift) is var power
            && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount > 0 && amount <= long.MaxValue >> (10 * power))
        {
            return amount << (10 * power);
        }

        Error("MemoryInvalid", Path, $"'{Clip(text)}' is not a memory size: write bytes (536870912) or a number with K, M, G or T (512M, 2G).", node!.Location);
        return null;
    }

}
