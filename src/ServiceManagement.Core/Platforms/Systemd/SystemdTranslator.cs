using System.Globalization;
using System.Text.RegularExpressions;
using ServiceManagement.Configuration;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>The unit files of one job as read from disk: the service (drop-ins merged), its timer and its sockets.</summary>
public sealed record SystemdUnits(string Name, UnitFile Service)
{
    public UnitFile? Timer { get; init; }

    /// <summary>The values of the job's secrets file (see <see cref="SystemdTranslator.SecretsFileName"/>), when there is one and it could be read.</summary>
    public ValueMap<string>? Secrets { get; init; }

    /// <summary>The socket units that activate the service, <c>NAME.socket</c> first.</summary>
    public IReadOnlyList<UnitFile> Sockets { get; init; } = Array.Empty<UnitFile>();
}

/// <summary>
/// Translates between definitions and systemd units (pure). A definition becomes <c>NAME.service</c>,
/// plus <c>NAME.timer</c> for a schedule and one <c>.socket</c> per socket. Reading goes the other way;
/// whatever the model does not express is kept in <see cref="BackgroundJobDefinition.Unmodelled"/> and
/// written back unchanged, so that read → render → read gives the same definition — except that what
/// is rendered always carries our ownership marker: writing a job is taking charge of it.
/// </summary>
/// <remarks>
/// Unmodelled keys and <c>systemd:</c> extras are maps of section → key → value or list of values.
/// The sections <c>Timer</c> and <c>Socket</c> go to the timer and the first socket unit,
/// <c>timer:Unit</c>, <c>timer:Install</c>, <c>socket:Unit</c> and <c>socket:Install</c> to those files'
/// other sections, and every other section to the service. An empty list removes a key. Extras are
/// applied last and win. Files we render carry <c>X-ServiceManagement-Managed=yes</c> in [Unit].
/// Sandbox profiles become the directives of <see cref="BasicSandbox"/> and <see cref="StrictSandbox"/>,
/// chosen by what <c>systemd-analyze security</c> scores (4.5 and 1.4 for a plain daemon).
/// </remarks>
public static class SystemdTranslator
{
    public const string MarkerKey = ManagedMarker.KeyPrefix + "Managed";

    /// <summary>Marks the drop-in with which ServiceManagement changed a job it did not create; the job stays unmanaged.</summary>
    public const string DropInMarkerKey = ManagedMarker.KeyPrefix + "DropIn";

    public const string DropInName = "50-servicemanagement.conf";

    /// <summary>
    /// Where a unit of ours finds its secret values: a file under the manager's configuration directory
    /// (<c>%E</c>: /etc for the system, ~/.config for a user) that only root, or that user, can read. systemd
    /// publishes <c>Environment=</c> to every local user (<c>systemctl show</c>), but of <c>EnvironmentFile=</c>
    /// only the path. No leading '-': a job whose secrets are missing fails to start rather than running without them.
    /// </summary>
    public const string SecretsEnvironmentFile = "%E/servicemanagement/secrets/%N.env";

    /// <summary>The secrets file of a job, relative to the manager's configuration directory.</summary>
    public static string SecretsFileName(string name) => SecretsDirectory + name + ".env";

    /// <summary>Where secrets files live, relative to the manager's configuration directory.</summary>
    public const string SecretsDirectory = "servicemanagement/secrets/";

    /// <summary>
    /// basic: what nearly every daemon tolerates — no new privileges, a private /tmp, /usr, /boot and /etc
    /// read-only, homes read-only, no kernel tuning, modules, logs or clock, no SUID files, real-time or namespaces,
    /// native system calls of the system-service set only, the usual socket families, a 0027 umask.
    /// systemd-analyze security scores a plain daemon with it 4.5 (OK); without any, 9.6 (UNSAFE).
    /// </summary>
    private static readonly (string Key, string Value)[] BasicSandbox =
    {
        ("NoNewPrivileges", "yes"), ("PrivateTmp", "yes"), ("ProtectSystem", "full"), ("ProtectHome", "read-only"),
        ("ProtectKernelTunables", "yes"), ("ProtectKernelModules", "yes"), ("ProtectKernelLogs", "yes"), ("ProtectControlGroups", "yes"),
        ("ProtectClock", "yes"), ("ProtectHostname", "yes"), ("ProtectProc", "invisible"), ("RestrictSUIDSGID", "yes"),
        ("RestrictRealtime", "yes"), ("RestrictNamespaces", "yes"), ("LockPersonality", "yes"), ("SystemCallArchitectures", "native"),
        ("SystemCallFilter", "@system-service"), ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6 AF_NETLINK"),
        ("UMask", "0027"), ("KeyringMode", "private"),
    };

    /// <summary>
    /// strict: basic, and the whole file system read-only but /dev/null and the like, no homes, no devices, no
    /// capabilities, no privileged or resource system calls, only its own processes in /proc, its own user
    /// namespace, IPC and mounts, Internet and local sockets only, a 0077 umask. Scored 1.4 (OK). Not in it:
    /// MemoryDenyWriteExecute, which breaks every JIT (.NET, Java, Node.js) — add it through systemd: extras.
    /// </summary>
    private static readonly (string Key, string Value)[] StrictSandbox = BasicSandbox
        .Where(d => d.Key is not ("SystemCallFilter" or "RestrictAddressFamilies" or "UMask"))
        .Select(d => d.Key switch { "ProtectSystem" => (d.Key, "strict"), "ProtectHome" => (d.Key, "yes"), _ => d })
        .Concat(new[]
        {
            ("PrivateDevices", "yes"), ("DevicePolicy", "closed"), ("PrivateUsers", "yes"), ("PrivateMounts", "yes"), ("ProcSubset", "pid"),
            ("RemoveIPC", "yes"), ("CapabilityBoundingSet", string.Empty), ("SystemCallFilter", "@system-service"),
            ("SystemCallFilter", "~@privileged @resources"), ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"), ("UMask", "0077"),
        })
        .ToArray();

    private static readonly Regex MemoryPattern = new("^([0-9]{1,15})([KMGT]?)$", RegexOptions.CultureInvariant);

    private enum FileKind
    {
        Service,
        Timer,
        Socket,
    }

    /// <summary>The unit files for a definition: the service first, then the timer and the sockets.</summary>
    /// <remarks>Secret values go to one more file, the secrets file (<see cref="NativeFile.Secret"/>), never to the units.</remarks>
    public static IReadOnlyList<NativeFile> Render(BackgroundJobDefinition definition)
    {
        var files = Units(definition ?? throw new ArgumentNullException(nameof(definition))).Select(u => new NativeFile(u.Name, u.Unit.Render())).ToList();
        if (definition.SecretEnvironment.Count > 0)
        {
            files.Add(new NativeFile(SecretsFileName(definition.Name), RenderSecrets(definition)) { Secret = true });
        }

        return files;
    }

    /// <summary>
    /// The secrets file: one <c>NAME="value"</c> line per secret, in the double quotes of systemd's environment
    /// files, where only <c>\ " ` $</c> are escaped. Values hold no control characters (validation), so one line each.
    /// </summary>
    public static string RenderSecrets(BackgroundJobDefinition definition)
    {
        var text = new System.Text.StringBuilder("# Secret environment of " + (definition ?? throw new ArgumentNullException(nameof(definition))).Name + ", written by ServiceManagement.\n");
        foreach (var name in definition.SecretEnvironment.Where(definition.Environment.ContainsKey).Distinct().OrderBy(n => n, StringComparer.Ordinal))
        {
            text.Append(name).Append("=\"");
            foreach (var c in definition.Environment[name])
            {
                text.Append(c is '\\' or '"' or '`' or '$' ? "\\" + c : c.ToString());
            }

            text.Append("\"\n");
        }

        return text.ToString();
    }

    /// <summary>Reads a secrets file as <see cref="RenderSecrets"/> writes it; anything else is an <see cref="Errors.InvalidDefinitionException"/> naming the file and line.</summary>
    public static ValueMap<string> ParseSecrets(string text, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (text ?? throw new ArgumentNullException(nameof(text))).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0 || equals + 1 >= line.Length || line[equals + 1] != '"' || line[line.Length - 1] != '"' || line.Length < equals + 3)
            {
                throw Malformed(path, index, "no quoted value");
            }

            var value = new System.Text.StringBuilder();
            for (var i = equals + 2; i < line.Length - 1; i++)
            {
                var c = line[i];
                if (c == '"')
                {
                    throw Malformed(path, index, "an unescaped quote inside the value");
                }

                if (c == '\\')
                {
                    if (++i >= line.Length - 1)
                    {
                        throw Malformed(path, index, "a backslash at the end of the value");
                    }

                    c = line[i];
                }

                value.Append(c);
            }

            values[line.Substring(0, equals)] = value.ToString();
        }

        return ValueMap<string>.From(values);
    }

    private static Errors.InvalidDefinitionException Malformed(string path, int index, string what) =>
        new(new[] { new Validation.Finding(Validation.FindingSeverity.Error, "SecretsFileMalformed", "environment", $"Line {index + 1} of the secrets file {path} is not NAME=\"value\" ({what}).") { Location = new Validation.SourceLocation(path, index + 1, 1) } });

    /// <summary>
    /// Every setting of a definition that a unit file cannot hold as it is — it would read back otherwise:
    /// a value ending in a backslash continues the line, surrounding whitespace is dropped, a key with '=',
    /// '#' or whitespace, or a section name with ']', is something else. Validation reports these
    /// instead of writing a different unit.
    /// </summary>
    public static IEnumerable<(string Section, string Key, string Value)> Unwritable(BackgroundJobDefinition definition)
    {
        // Each setting on its own, so that one that swallows the next line is named, not the line it swallows.
        foreach (var (_, unit) in Units(definition ?? throw new ArgumentNullException(nameof(definition))))
        {
            foreach (var section in unit.Sections)
            {
                foreach (var entry in section.Entries)
                {
                    var alone = new UnitFile(new[] { new UnitSection(section.Name, new[] { entry }) });
                    var read = UnitFile.Parse(alone.Render(), "rendered").Sections;
                    if (read.Count != 1 || read[0].Name != section.Name || read[0].Entries.Count != 1 || read[0].Entries[0] != entry)
                    {
                        yield return (section.Name, entry.Key, entry.Value);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The raw <c>systemd:</c> extras that replace a setting the definition's own properties write: for an
    /// authored job, an error (extras add settings; they do not silently contradict the ones a reviewer
    /// reads). A job as a machine has it keeps its native settings that way, so there they take precedence.
    /// </summary>
    public static IEnumerable<(string Section, string Key)> Overriding(BackgroundJobDefinition definition)
    {
        var (service, timer, sockets) = Build(definition ?? throw new ArgumentNullException(nameof(definition)));
        foreach (var section in definition.Systemd)
        {
            var (file, name) = Route(section.Key);
            var target = file switch { FileKind.Timer => timer, FileKind.Socket => sockets.FirstOrDefault().Builder, _ => service };
            var modelled = target?.Build();
            foreach (var key in ((section.Value as RawMap)?.Entries ?? ValueMap<RawValue>.Empty).Keys)
            {
                if (modelled is not null && modelled.All(name, key).Count > 0)
                {
                    yield return (section.Key, key);
                }
            }
        }
    }

    /// <summary>
    /// The drop-in that turns <paramref name="vendor"/> (a job as its vendor ships it) into
    /// <paramref name="desired"/>: each setting of the service that differs, reset first where the vendor sets
    /// it (so lists are replaced, not extended); null when nothing differs. A change that concerns the job's
    /// timer or sockets is refused: a drop-in changes the service.
    /// </summary>
    public static string? RenderDropIn(BackgroundJobDefinition desired, BackgroundJobDefinition vendor)
    {
        var wanted = Units(desired ?? throw new ArgumentNullException(nameof(desired)));
        var shipped = Units(vendor ?? throw new ArgumentNullException(nameof(vendor)));
        if (!wanted.Skip(1).Select(u => (u.Name, u.Unit.Render())).SequenceEqual(shipped.Skip(1).Select(u => (u.Name, u.Unit.Render()))))
        {
            throw new Errors.PlatformException($"{desired.Name} was not created by ServiceManagement, and the change concerns its timer or sockets; a drop-in changes only its service. Change those units by hand, or replace the job.");
        }

        var (service, original) = (wanted[0].Unit, shipped[0].Unit);
        var keys = service.Sections.Concat(original.Sections)
            .SelectMany(s => s.Entries.Select(e => (Section: s.Name, e.Key)))
            .Where(k => !k.Key.StartsWith(ManagedMarker.KeyPrefix, StringComparison.Ordinal))
            .Distinct()
            .ToList();
        var dropIn = new UnitBuilder().Add("Unit", DropInMarkerKey, ManagedMarker.Flag);
        var differs = false;
        foreach (var (section, key) in keys)
        {
            var (values, before) = (service.All(section, key), original.All(section, key));
            if (values.SequenceEqual(before, StringComparer.Ordinal))
            {
                continue;
            }

            differs = true;
            dropIn.Add(section, key, before.Count > 0 ? string.Empty : null);
            dropIn.AddAll(section, key, values);
        }

        return differs ? dropIn.Build().Render() : null;
    }

    private static IReadOnlyList<(string Name, UnitFile Unit)> Units(BackgroundJobDefinition definition)
    {

        var (service, timer, sockets) = Build(definition);
        foreach (var overlay in new[] { definition.Unmodelled, definition.Systemd })
        {
            foreach (var section in overlay)
            {
                var (file, name) = Route(section.Key);
                var target = file switch
                {
                    FileKind.Timer => timer ??= new UnitBuilder(),
                    FileKind.Socket => sockets.Count > 0 ? sockets[0].Builder : Add(sockets, definition.Name + ".socket"),
                    _ => service,
                };
                foreach (var entry in (section.Value as RawMap)?.Entries ?? ValueMap<RawValue>.Empty)
                {
                    target.Replace(name, entry.Key, Values(entry.Value));
                }
            }
        }

        var files = new List<(string, UnitFile)> { (definition.Name + ".service", service.Build()) };
        if (timer is { IsEmpty: false })
        {
            files.Add((definition.Name + ".timer", timer.Build()));
        }

        files.AddRange(sockets.Where(s => !s.Builder.IsEmpty).Select(s => (s.FileName, s.Builder.Build())));
        return files;
    }

    /// <summary>
    /// Reads a job from its units. Where the units carry no marker saying otherwise, the job is a
    /// <paramref name="kind"/> of <paramref name="scope"/> (the store knows from the directory).
    /// </summary>
    public static BackgroundJobDefinition Parse(SystemdUnits units, JobKind kind, JobScope scope, string? user = null)
    {
        var service = units.Service;
        var marker = ManagedMarker.Read((field, _) => service.Effective("Unit", ManagedMarker.KeyPrefix + field));
        var sandbox = ReadSandbox(service);
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

    private static (UnitBuilder Service, UnitBuilder? Timer, List<(string FileName, UnitBuilder Builder)> Sockets) Build(BackgroundJobDefinition d)
    {
        var service = new UnitBuilder();
        service.Add("Unit", "Description", d.Description is null ? null : SystemdSyntax.FormatPlain(d.Description));
        service.AddAll("Unit", "Wants", d.Dependencies.Select(UnitName));
        service.AddAll("Unit", "After", d.Dependencies.Select(UnitName));
        if (d.Restart?.Throttle is { } throttle)
        {
            service.Add("Unit", "StartLimitIntervalSec", SystemdSyntax.FormatTimeSpan(throttle.Interval));
            service.Add("Unit", "StartLimitBurst", throttle.Burst.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var field in ManagedMarker.Of(d).Fields())
        {
            service.AddAll("Unit", ManagedMarker.KeyPrefix + field.Name, field.Values);
        }

        service.Add("Service", "ExecStart", d.Program is null ? null : SystemdSyntax.FormatCommandLine(d.Program, d.Arguments));
        service.Add("Service", "WorkingDirectory", d.WorkingDirectory is null ? null : SystemdSyntax.FormatPlain(d.WorkingDirectory));
        service.AddAll("Service", "Environment", d.Environment.Where(e => !d.SecretEnvironment.Contains(e.Key)).Select(e => SystemdSyntax.FormatEnvironment(e.Key, e.Value)));
        service.Add("Service", "EnvironmentFile", d.SecretEnvironment.Count > 0 ? SecretsEnvironmentFile : null);
        service.Add("Service", "User", d.RunAs?.User is null ? null : SystemdSyntax.FormatPlain(d.RunAs.User));
        service.Add("Service", "Group", d.RunAs?.Group is null ? null : SystemdSyntax.FormatPlain(d.RunAs.Group));
        if (d.Restart is { } restart)
        {
            service.Add("Service", "Restart", restart.Policy switch { RestartCondition.Never => "no", RestartCondition.OnFailure => "on-failure", _ => "always" });
            service.Add("Service", "RestartSec", restart.Delay is { } delay ? SystemdSyntax.FormatTimeSpan(delay) : null);
        }

        service.Add("Service", "StandardOutput", d.StandardOutputPath is null ? null : "append:" + SystemdSyntax.FormatPlain(d.StandardOutputPath));
        service.Add("Service", "StandardError", d.StandardErrorPath is null ? null : "append:" + SystemdSyntax.FormatPlain(d.StandardErrorPath));
        if (d.ResourceLimits is { } limits)
        {
            service.Add("Service", "LimitNOFILE", limits.OpenFiles?.ToString(CultureInfo.InvariantCulture));
            service.Add("Service", "LimitNPROC", limits.Processes?.ToString(CultureInfo.InvariantCulture));
            service.Add("Service", "MemoryMax", limits.MemoryBytes?.ToString(CultureInfo.InvariantCulture));
            service.Add("Service", "CPUQuota", limits.CpuPercent is { } cpu ? cpu.ToString(CultureInfo.InvariantCulture) + "%" : null);
            service.Add("Service", "Nice", limits.Nice?.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (key, value) in SandboxDirectives(d.Sandbox, d.Confinement))
        {
            service.Add("Service", key, value);
        }

        UnitBuilder? timer = null;
        if (d.Schedule is { } schedule)
        {
            timer = new UnitBuilder()
                .Add("Unit", "Description", SystemdSyntax.FormatPlain($"Schedule of {d.Description ?? d.Name}"))
                .Add("Unit", MarkerKey, ManagedMarker.Flag);
            if (schedule.Every is { } every)
            {
                timer.Add("Timer", "OnBootSec", SystemdSyntax.FormatTimeSpan(every)).Add("Timer", "OnUnitActiveSec", SystemdSyntax.FormatTimeSpan(every));
            }
            else if (schedule.Cron is { IsValid: true } cron)
            {
                timer.AddAll("Timer", "OnCalendar", SystemdSyntax.FormatCalendar(cron)).Add("Timer", "Persistent", "true");
            }

            timer.Add("Install", "WantedBy", "timers.target");
        }

        var sockets = new List<(string, UnitBuilder)>();
        for (var i = 0; i < d.Sockets.Count; i++)
        {
            var socket = d.Sockets[i];
            Add(sockets, i == 0 ? d.Name + ".socket" : $"{d.Name}-{socket.Name}.socket")
                .Add("Unit", "Description", SystemdSyntax.FormatPlain($"Socket {socket.Name} of {d.Name}"))
                .Add("Unit", MarkerKey, ManagedMarker.Flag)
                .Add("Socket", socket.Protocol == SocketProtocol.Udp ? "ListenDatagram" : "ListenStream", Listen(socket))
                .Add("Socket", "FileDescriptorName", socket.Name)
                .Add("Socket", "Service", i == 0 ? null : d.Name + ".service")
                .Add("Install", "WantedBy", "sockets.target");
        }

        if (timer is null && sockets.Count == 0)
        {
            service.Add("Install", "WantedBy", d.Kind == JobKind.Daemon ? "multi-user.target" : "default.target");
        }

        return (service, timer, sockets);
    }

    private static UnitBuilder Add(List<(string FileName, UnitBuilder Builder)> sockets, string fileName)
    {
        var builder = new UnitBuilder();
        sockets.Add((fileName, builder));
        return builder;
    }

    private static string Listen(SocketSpec socket)
    {
        if (socket.Protocol == SocketProtocol.Unix)
        {
            return SystemdSyntax.FormatPlain(socket.Path ?? string.Empty);
        }

        var port = socket.Port?.ToString(CultureInfo.InvariantCulture) ?? "0";
        return socket.Address switch
        {
            null => port,
            var address when address.Contains(':') => $"[{address}]:{port}",
            var address => $"{address}:{port}",
        };
    }

    /// <summary>
    /// Every key whose values in the files differ from what the parsed model renders, compared as written:
    /// an empty assignment is a setting of its own (<c>CapabilityBoundingSet=</c> drops every capability).
    /// </summary>
    private static ValueMap<RawValue> Unmodelled(BackgroundJobDefinition parsed, SystemdUnits units)
    {
        var (service, timer, sockets) = Build(parsed);
        var pairs = new List<(FileKind Kind, UnitFile? Original, UnitFile? Rendered)>
        {
            (FileKind.Service, units.Service, service.Build()),
            (FileKind.Timer, units.Timer, timer?.Build()),
            (FileKind.Socket, units.Sockets.FirstOrDefault(), sockets.FirstOrDefault().Builder?.Build()),
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

    private static string SectionKey(FileKind kind, string section) => (kind, section) switch
    {
        // A service's own section named like another file's (systemd ignores it there) keeps its file.
        (FileKind.Service, "Timer" or "Socket") => "service:" + section,
        (FileKind.Service, _) when section.Contains(':') => "service:" + section,
        (FileKind.Service, _) => section,
        (FileKind.Timer, "Timer") => "Timer",
        (FileKind.Socket, "Socket") => "Socket",
        (FileKind.Timer, _) => "timer:" + section,
        _ => "socket:" + section,
    };

    private static (FileKind File, string Section) Route(string sectionKey) => sectionKey switch
    {
        _ when sectionKey.StartsWith("service:", StringComparison.Ordinal) => (FileKind.Service, sectionKey.Substring(8)),
        "Timer" => (FileKind.Timer, "Timer"),
        "Socket" => (FileKind.Socket, "Socket"),
        _ when sectionKey.StartsWith("timer:", StringComparison.Ordinal) => (FileKind.Timer, sectionKey.Substring(6)),
        _ when sectionKey.StartsWith("socket:", StringComparison.Ordinal) => (FileKind.Socket, sectionKey.Substring(7)),
        _ => (FileKind.Service, sectionKey),
    };

    private static IReadOnlyList<string> Values(RawValue value) => value switch
    {
        RawScalar scalar => new[] { scalar.Text },
        RawList list => list.Items.Select(item => item is RawScalar s ? s.Text : item.ToString()!).ToList(),
        _ => new[] { value.ToString()! },
    };

    private static IEnumerable<string> Dependencies(UnitFile service)
    {
        var after = new HashSet<string>(Words(service.Effective("Unit", "After")), StringComparer.Ordinal);
        return Words(service.Effective("Unit", "Wants")).Where(after.Contains).Distinct().Select(JobName);
    }

    private static readonly string[] UnitTypes =
    {
        ".service", ".socket", ".target", ".timer", ".mount", ".automount", ".path", ".slice", ".scope", ".device", ".swap",
    };

    /// <summary>A dependency as systemd names it: a job's name (or any name without a unit type) is its service.</summary>
    private static string UnitName(string dependency) =>
        UnitTypes.Any(t => dependency.EndsWith(t, StringComparison.Ordinal)) ? dependency : dependency + ".service";

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

        Duration? delay = service.Last("Service", "RestartSec") is { } text && SystemdSyntax.TryParseTimeSpan(text, out var parsed) ? parsed : null;
        RestartThrottle? throttle = null;
        if (service.Last("Unit", "StartLimitIntervalSec") is { } interval && SystemdSyntax.TryParseTimeSpan(interval, out var window)
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

    /// <summary>Every directive a profile or a capability can write: what reading a sandbox back looks at.</summary>
    private static readonly string[] SandboxKeys = BasicSandbox.Concat(StrictSandbox).Select(d => d.Key)
        .Concat(new[] { "PrivateNetwork", "IPAddressDeny", "IPAddressAllow", "ReadWritePaths", "InaccessiblePaths", "AmbientCapabilities", "DynamicUser" })
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// The directives of a profile with capabilities over it, each capability replacing what the profile says of
    /// the same thing: network none — PrivateNetwork, only AF_UNIX, every IP denied; local — every IP but localhost
    /// denied; a read-only file system — ProtectSystem=strict (homes read-only unless the profile hides them);
    /// writable and hidden paths — ReadWritePaths, InaccessiblePaths; no devices — PrivateDevices, DevicePolicy=closed;
    /// privileges — CapabilityBoundingSet (and AmbientCapabilities, so that a non-root user has them); a dynamic user.
    /// </summary>
    private static List<(string Key, string Value)> SandboxDirectives(SandboxProfile? profile, Confinement? confinement)
    {
        var directives = (profile switch { SandboxProfile.Basic => BasicSandbox, SandboxProfile.Strict => StrictSandbox, _ => Array.Empty<(string Key, string Value)>() }).ToList();
        if (confinement is not { } c)
        {
            return directives;
        }

        void Set(string key, params string[] values)
        {
            var at = directives.FindIndex(d => d.Key == key);
            directives.RemoveAll(d => d.Key == key);
            directives.InsertRange(at < 0 ? directives.Count : at, values.Select(v => (key, v)));
        }

        static string Paths(IEnumerable<string> paths) => string.Join(" ", paths.Select(SystemdSyntax.FormatPlain));

        switch (c.Network)
        {
            case NetworkAccess.None:
                Set("PrivateNetwork", "yes");
                Set("RestrictAddressFamilies", "AF_UNIX");
                Set("IPAddressDeny", "any");
                break;
            case NetworkAccess.Local:
                Set("IPAddressDeny", "any");
                Set("IPAddressAllow", "localhost");
                break;
        }

        if (c.ReadOnlyFileSystem)
        {
            Set("ProtectSystem", "strict");
            if (!directives.Any(d => d.Key == "ProtectHome"))
            {
                Set("ProtectHome", "read-only");
            }
        }

        if (c.WritablePaths.Count > 0)
        {
            Set("ReadWritePaths", Paths(c.WritablePaths));
        }

        if (c.HiddenPaths.Count > 0)
        {
            Set("InaccessiblePaths", Paths(c.HiddenPaths));
        }

        if (c.NoDevices)
        {
            Set("PrivateDevices", "yes");
            Set("DevicePolicy", "closed");
        }

        if (c.Privileges is { } privileges)
        {
            Set("CapabilityBoundingSet", string.Join(" ", privileges));
            Set("AmbientCapabilities", privileges.Count == 0 ? Array.Empty<string>() : new[] { string.Join(" ", privileges) });
        }

        if (c.DynamicUser)
        {
            Set("DynamicUser", "yes");
        }

        return directives;
    }

    /// <summary>
    /// The profile and capabilities that write exactly the unit's sandbox directives, found by writing the
    /// candidates the directives suggest and comparing (a profile already implies some capabilities); none when no
    /// candidate does, so that a hand-made hardening stays as its directives.
    /// </summary>
    private static (SandboxProfile? Profile, Confinement? Confinement) ReadSandbox(UnitFile service)
    {
        string? Value(string key) => service.All("Service", key) is { Count: 1 } values ? values[0] : null;
        IEnumerable<T?> Maybe<T>(bool hinted, T value)
            where T : struct => hinted ? new T?[] { null, value } : new T?[] { null };

        var writable = Value("ReadWritePaths") is { } w ? ValueList<string>.From(w.Split(' ')) : ValueList<string>.Empty;
        var hidden = Value("InaccessiblePaths") is { } h ? ValueList<string>.From(h.Split(' ')) : ValueList<string>.Empty;
        var privileges = service.All("Service", "CapabilityBoundingSet") is { Count: 1 } bounding
            ? new ValueList<string>?[] { null, bounding[0].Length == 0 ? ValueList<string>.Empty : ValueList<string>.From(bounding[0].Split(' ')) }
            : new ValueList<string>?[] { null };
        var wanted = SandboxKeys.ToDictionary(k => k, k => service.All("Service", k), StringComparer.Ordinal);
        var candidates =
            from profile in new SandboxProfile?[] { SandboxProfile.Strict, SandboxProfile.Basic, null }
            from network in Value("PrivateNetwork") == "yes" ? new NetworkAccess?[] { NetworkAccess.None, null } : Value("IPAddressAllow") == "localhost" ? new NetworkAccess?[] { NetworkAccess.Local, null } : new NetworkAccess?[] { null }
            from readOnly in Maybe(Value("ProtectSystem") == "strict", true)
            from noDevices in Maybe(Value("PrivateDevices") == "yes", true)
            from privilege in privileges
            let confinement = new Confinement
            {
                Network = network, ReadOnlyFileSystem = readOnly == true, WritablePaths = writable, HiddenPaths = hidden,
                NoDevices = noDevices == true, Privileges = privilege, DynamicUser = Value("DynamicUser") == "yes",
            }
            select (Profile: profile, Confinement: confinement);
        foreach (var (profile, confinement) in candidates)
        {
            var rendered = SandboxDirectives(profile, confinement);
            if (SandboxKeys.All(k => wanted[k].SequenceEqual(rendered.Where(d => d.Key == k).Select(d => d.Value), StringComparer.Ordinal)))
            {
                return (profile, confinement.IsEmpty ? null : confinement);
            }
        }

        return (null, null);
    }

    /// <summary>A timer's schedule: the cron text the marker keeps when it was written from one, else its interval.</summary>
    private static Schedule? ReadSchedule(UnitFile timer, string? cron)
    {
        if (cron is not null)
        {
            return Schedule.OnCron(cron);
        }

        var active = timer.Effective("Timer", "OnUnitActiveSec");
        return active.Count == 1 && SystemdSyntax.TryParseTimeSpan(active[0], out var every) ? Schedule.EveryInterval(every) : null;
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
        if (listen.StartsWith("/", StringComparison.Ordinal))
        {
            return stream.Count == 1 && SystemdSyntax.TryParsePlain(listen, out var path) ? new SocketSpec(name, SocketProtocol.Unix) { Path = path } : null;
        }

        var protocol = stream.Count == 1 ? SocketProtocol.Tcp : SocketProtocol.Udp;
        var colon = listen.LastIndexOf(':');
        var address = colon < 0 ? null : listen.Substring(0, colon).Trim('[', ']');
        return int.TryParse(colon < 0 ? listen : listen.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new SocketSpec(name, protocol) { Address = address, Port = port }
            : null;
    }

    private static string? AppendPath(string? value) =>
        value is not null && value.StartsWith("append:", StringComparison.Ordinal) && Plain(value.Substring(7)) is { } path && path.StartsWith("/", StringComparison.Ordinal) ? path : null;

    private static string? Plain(string? value) => value is not null && SystemdSyntax.TryParsePlain(value, out var text) ? text : null;
}
