using System.Globalization;
using System.Runtime.CompilerServices;
using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Text;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// Translates between definitions and systemd units (pure). A definition becomes <c>NAME.service</c>,
/// plus <c>NAME.timer</c> for a schedule, one <c>.socket</c> per socket, <c>NAME.path</c> for watched paths and the
/// bus's files for an activation name (<see cref="BusActivation"/>). Reading goes the other way;
/// whatever the model does not express is kept in <see cref="BackgroundJobDefinition.Unmodelled"/> and
/// written back unchanged, so that read → render → read gives the same definition — except that what
/// is rendered always carries our ownership marker: writing a job is taking charge of it.
/// </summary>
/// <remarks>
/// Unmodelled keys and <c>systemd:</c> extras are maps of section → key → value or list of values.
/// The sections <c>Timer</c>, <c>Socket</c> and <c>Path</c> go to the timer, the first socket unit and the path unit,
/// <c>timer:Unit</c>, <c>timer:Install</c>, <c>socket:Unit</c>, <c>socket:Install</c>, <c>path:Unit</c> and
/// <c>path:Install</c> to those files' other sections, and every other section to the service. An empty list removes a key. Extras are
/// applied last and win. Files we render carry <c>X-ServiceManagement-Managed=yes</c> in [Unit].
/// Sandbox profiles become the directives of <see cref="BasicSandbox"/> and <see cref="StrictSandbox"/>,
/// chosen by what <c>systemd-analyze security</c> scores (4.5 and 1.4 for a plain daemon).
/// </remarks>
internal static partial class SystemdTranslator
{
    public const string MarkerKey = ManagedMarker.KeyPrefix + "Managed";

    /// <summary>Marks the drop-in with which ServiceManagement changed a job it did not create; the job stays unmanaged.</summary>
    public const string DropInMarkerKey = ManagedMarker.KeyPrefix + "DropIn";

    public const string DropInName = "50-servicemanagement.conf";

    private static readonly Pattern MemoryPattern = new("^([0-9]{1,15})([KMGT]?)$");

    private enum FileKind
    {
        Service,
        Timer,
        Socket,
        Path,
    }

    /// <summary>The unit files for a definition: the service first, then the timer, the sockets and the path unit.</summary>
    /// <remarks>Secret values go to one more file, the secrets file (<see cref="NativeFile.Secret"/>), never to the units.</remarks>
    public static IReadOnlyList<NativeFile> Render(BackgroundJobDefinition definition) => Translate(definition ?? throw new ArgumentNullException(nameof(definition))).Files;

    /// <summary>
    /// Every setting of a definition that a unit file cannot hold as it is — it would read back otherwise:
    /// a value ending in a backslash continues the line, surrounding whitespace is dropped, a key with '=',
    /// '#' or whitespace, or a section name with ']', is something else. Validation reports these
    /// instead of writing a different unit.
    /// </summary>
    public static IEnumerable<(string Section, string Key, string Value)> Unwritable(BackgroundJobDefinition definition)
    {
        // Each setting on its own, so that one that swallows the next line is named, not the line it swallows.
        foreach (var (_, unit) in Translate(definition ?? throw new ArgumentNullException(nameof(definition))).Units)
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
    public static IEnumerable<(string Section, string Key)> Overriding(BackgroundJobDefinition definition) =>
        Translate(definition ?? throw new ArgumentNullException(nameof(definition))).Overriding;

    /// <summary>
    /// The drop-in that turns <paramref name="vendor"/> (a job as its vendor ships it) into
    /// <paramref name="desired"/>: each setting of the service that differs, reset first where the vendor sets
    /// it (so lists are replaced, not extended); null when nothing differs. A change that concerns the job's
    /// timer or sockets is refused: a drop-in changes the service.
    /// </summary>
    public static string? RenderDropIn(BackgroundJobDefinition desired, BackgroundJobDefinition vendor)
    {
        var wanted = Translate(desired ?? throw new ArgumentNullException(nameof(desired))).Units;
        var shipped = Translate(vendor ?? throw new ArgumentNullException(nameof(vendor))).Units;
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

    /// <summary>
    /// A definition's units, built once for the definition (records are immutable, so its translation is too):
    /// staging, validation, what-if and normalizing of one operation all read the same one.
    /// </summary>
    private sealed class Translation
    {
        public Translation(IReadOnlyList<(string Name, UnitFile Unit)> units, IReadOnlyList<NativeFile> files, IReadOnlyList<(string Section, string Key)> overriding)
        {
            Units = units;
            Files = files;
            Overriding = overriding;
        }

        /// <summary>The service first, then the timer, the sockets and the path unit, raw extras laid over.</summary>
        public IReadOnlyList<(string Name, UnitFile Unit)> Units { get; }

        /// <summary>The units as text, and the secrets file.</summary>
        public IReadOnlyList<NativeFile> Files { get; }

        /// <summary>The raw extras that replace a setting the definition's own properties write.</summary>
        public IReadOnlyList<(string Section, string Key)> Overriding { get; }
    }

    private static readonly ConditionalWeakTable<BackgroundJobDefinition, Translation> Translations = new();

    private static Translation Translate(BackgroundJobDefinition definition) => Translations.GetValue(definition, d =>
    {
        IO.Meter.Tick("translate", d.Name);
        var (service, timer, sockets, path) = Build(d);
        var overriding = new List<(string Section, string Key)>();
        foreach (var section in d.Systemd)
        {
            var (file, name) = Route(section.Key);
            var modelled = (file switch { FileKind.Timer => timer, FileKind.Socket => sockets.FirstOrDefault().Builder, FileKind.Path => path, _ => service })?.Build();
            overriding.AddRange(((section.Value as RawMap)?.Entries ?? ValueMap<RawValue>.Empty).Keys
                .Where(key => modelled is not null && modelled.All(name, key).Count > 0)
                .Select(key => (section.Key, key)));
        }

        foreach (var overlay in new[] { d.Unmodelled, d.Systemd })
        {
            foreach (var section in overlay)
            {
                var (file, name) = Route(section.Key);
                var target = file switch
                {
                    FileKind.Timer => timer ??= new UnitBuilder(),
                    FileKind.Socket => sockets.Count > 0 ? sockets[0].Builder : Add(sockets, d.Name + ".socket"),
                    FileKind.Path => path ??= new UnitBuilder(),
                    _ => service,
                };
                foreach (var entry in (section.Value as RawMap)?.Entries ?? ValueMap<RawValue>.Empty)
                {
                    target.Replace(name, entry.Key, Values(entry.Value));
                }
            }
        }

        var units = new List<(string Name, UnitFile Unit)> { (ServiceUnit(d), service.Build()) };
        if (timer is { IsEmpty: false })
        {
            units.Add((d.Name + ".timer", timer.Build()));
        }

        units.AddRange(sockets.Where(s => !s.Builder.IsEmpty).Select(s => (s.FileName, s.Builder.Build())));
        if (path is { IsEmpty: false })
        {
            units.Add((d.Name + ".path", path.Build()));
        }

        var files = units.Select(u => new NativeFile(u.Name, u.Unit.Render())).ToList();
        if (d.SecretEnvironment.Count > 0)
        {
            files.Add(new NativeFile(SystemdSecrets.FileName(d.Name), SystemdSecrets.Render(d)) { Secret = true });
        }

        files.AddRange(BusActivation.Render(d));

        return new Translation(units, files, overriding);
    });

    private static (UnitBuilder Service, UnitBuilder? Timer, List<(string FileName, UnitBuilder Builder)> Sockets, UnitBuilder? Path) Build(BackgroundJobDefinition d)
    {
        var service = new UnitBuilder();
        service.Add("Unit", "Description", d.Description is null ? null : SystemdSyntax.FormatPlain(d.Description));
        service.AddAll("Unit", "Wants", d.Dependencies.Select(UnitName));
        service.AddAll("Unit", "After", d.Dependencies.Select(UnitName));
        if (d.Restart?.Throttle is { } throttle)
        {
            service.Add("Unit", "StartLimitIntervalSec", SystemdTime.FormatTimeSpan(throttle.Interval));
            service.Add("Unit", "StartLimitBurst", throttle.Burst.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var field in ManagedMarker.Of(d).Fields())
        {
            service.AddAll("Unit", ManagedMarker.KeyPrefix + field.Name, field.Values);
        }

        service.Add("Service", "Type", d.Activation is null ? null : "dbus");
        service.Add("Service", "BusName", d.Activation?.Name);
        service.Add("Service", "ExecStart", d.Program is null ? null : SystemdSyntax.FormatCommandLine(d.Program, d.Arguments));
        service.Add("Service", "WorkingDirectory", d.WorkingDirectory is null ? null : SystemdSyntax.FormatPlain(d.WorkingDirectory));
        service.AddAll("Service", "Environment", d.Environment.Where(e => !d.SecretEnvironment.Contains(e.Key)).Select(e => SystemdSyntax.FormatEnvironment(e.Key, e.Value)));
        service.Add("Service", "EnvironmentFile", d.SecretEnvironment.Count > 0 ? SystemdSecrets.EnvironmentFile : null);
        service.Add("Service", "User", d.RunAs?.User is null ? null : SystemdSyntax.FormatPlain(d.RunAs.User));
        service.Add("Service", "Group", d.RunAs?.Group is null ? null : SystemdSyntax.FormatPlain(d.RunAs.Group));
        if (d.Restart is { } restart)
        {
            service.Add("Service", "Restart", restart.Policy switch { RestartCondition.Never => "no", RestartCondition.OnFailure => "on-failure", _ => "always" });
            service.Add("Service", "RestartSec", restart.Delay is { } delay ? SystemdTime.FormatTimeSpan(delay) : null);
        }

        service.Add("Service", "StandardInput", d.Sockets.Any(s => s.Accept) ? "socket" : null);
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

        foreach (var (key, value) in SystemdSandbox.Directives(d.Sandbox, d.Confinement))
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
                timer.Add("Timer", "OnBootSec", SystemdTime.FormatTimeSpan(every)).Add("Timer", "OnUnitActiveSec", SystemdTime.FormatTimeSpan(every));
            }
            else if (schedule.Cron is { IsValid: true } cron)
            {
                timer.AddAll("Timer", "OnCalendar", SystemdTime.FormatCalendar(cron)).Add("Timer", "Persistent", "true");
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
                .Add("Socket", "Accept", socket.Accept ? "yes" : null)
                .Add("Socket", "FileDescriptorName", socket.Name)
                .Add("Socket", "Service", i == 0 ? null : d.Name + ".service")
                .Add("Install", "WantedBy", "sockets.target");
        }

        UnitBuilder? path = null;
        if (d.Watch is { } watch)
        {
            path = new UnitBuilder()
                .Add("Unit", "Description", SystemdSyntax.FormatPlain($"Paths watched for {d.Description ?? d.Name}"))
                .Add("Unit", MarkerKey, ManagedMarker.Flag)
                .AddAll("Path", "PathChanged", watch.Paths.Select(SystemdSyntax.FormatPlain))
                .AddAll("Path", "DirectoryNotEmpty", watch.QueueDirectories.Select(SystemdSyntax.FormatPlain))
                .Add("Install", "WantedBy", "paths.target");
        }

        if (timer is null && sockets.Count == 0 && path is null && d.Activation is null)
        {
            service.Add("Install", "WantedBy", d.Kind == JobKind.Daemon ? "multi-user.target" : "default.target");
        }

        return (service, timer, sockets, path);
    }

    /// <summary>
    /// The job's service unit: <c>NAME.service</c>, or for a job that accepts each connection the template
    /// <c>NAME@.service</c>, whose instances systemd starts one per connection (<c>Accept=yes</c> names them after
    /// the socket unit, and allows no <c>Service=</c>).
    /// </summary>
    public static string ServiceUnit(BackgroundJobDefinition definition) =>
        (definition ?? throw new ArgumentNullException(nameof(definition))).Name + (definition.Sockets.Any(s => s.Accept) ? "@.service" : ".service");

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

    private static string SectionKey(FileKind kind, string section) => (kind, section) switch
    {
        // A service's own section named like another file's (systemd ignores it there) keeps its file.
        (FileKind.Service, "Timer" or "Socket" or "Path") => "service:" + section,
        (FileKind.Service, _) when section.Contains(':') => "service:" + section,
        (FileKind.Service, _) => section,
        (FileKind.Timer, "Timer") => "Timer",
        (FileKind.Socket, "Socket") => "Socket",
        (FileKind.Path, "Path") => "Path",
        (FileKind.Timer, _) => "timer:" + section,
        (FileKind.Path, _) => "path:" + section,
        _ => "socket:" + section,
    };

    private static (FileKind File, string Section) Route(string sectionKey) => sectionKey switch
    {
        _ when sectionKey.StartsWith("service:", StringComparison.Ordinal) => (FileKind.Service, sectionKey.Substring(8)),
        "Timer" => (FileKind.Timer, "Timer"),
        "Socket" => (FileKind.Socket, "Socket"),
        "Path" => (FileKind.Path, "Path"),
        _ when sectionKey.StartsWith("timer:", StringComparison.Ordinal) => (FileKind.Timer, sectionKey.Substring(6)),
        _ when sectionKey.StartsWith("path:", StringComparison.Ordinal) => (FileKind.Path, sectionKey.Substring(5)),
        _ when sectionKey.StartsWith("socket:", StringComparison.Ordinal) => (FileKind.Socket, sectionKey.Substring(7)),
        _ => (FileKind.Service, sectionKey),
    };

    private static IReadOnlyList<string> Values(RawValue value) => value switch
    {
        RawScalar scalar => new[] { scalar.Text },
        RawList list => list.Items.Select(item => item is RawScalar s ? s.Text : item.ToString()!).ToList(),
        _ => new[] { value.ToString()! },
    };

    private static readonly string[] UnitTypes =
    {
        ".service", ".socket", ".target", ".timer", ".mount", ".automount", ".path", ".slice", ".scope", ".device", ".swap",
    };

    /// <summary>A dependency as systemd names it: a job's name (or any name without a unit type) is its service.</summary>
    private static string UnitName(string dependency) =>
        UnitTypes.Any(t => dependency.EndsWith(t, StringComparison.Ordinal)) ? dependency : dependency + ".service";
}
