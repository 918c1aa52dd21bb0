using System.Globalization;
using ServiceManagement.Configuration;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// Translates between definitions and launchd property lists (launchd.plist(5)), purely. Every key is
/// either modelled or kept verbatim in <see cref="BackgroundJobDefinition.Unmodelled"/> and written back;
/// keys the model writes but the original lacked are listed under <see cref="AbsentKey"/> so that
/// they are left out again. Output is deterministic (keys in ordinal order). Our plists carry the
/// dictionary <c>ServiceManagement</c> (ownership marker, identity, startup type, cron text), which
/// launchd ignores.
/// </summary>
internal static class LaunchdTranslator
{
    public const string MarkerKey = "ServiceManagement";
    public const string AbsentKey = "__absent__";

    /// <summary>The plist of a definition; <paramref name="withMarker"/> false leaves out our ownership dictionary (a job we change but did not create).</summary>
    public static NativeFile Render(BackgroundJobDefinition definition, bool withMarker = true)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        var keys = Build(definition);
        if (!withMarker)
        {
            keys.Remove(MarkerKey);
        }

        // Through a configuration file the unmodelled keys arrive as launchd extras, the list of absent ones too.
        var absent = new[] { definition.Unmodelled, definition.Launchd }
            .SelectMany(overlay => overlay.TryGetValue(AbsentKey, out var listed) && listed is RawList names ? names.Items.OfType<RawScalar>().Select(n => n.Text) : Enumerable.Empty<string>())
            .ToList();
        foreach (var overlay in new[] { definition.Unmodelled, definition.Launchd })
        {
            foreach (var entry in overlay.Where(e => e.Key != AbsentKey))
            {
                keys[entry.Key] = entry.Value;
            }
        }

        foreach (var name in absent)
        {
            keys.Remove(name);
        }

        return new NativeFile(definition.Name + ".plist", PropertyList.WriteXml(new RawMap(ValueMap<RawValue>.From(keys))));
    }

    /// <summary>
    /// The raw <c>launchd:</c> keys that replace a key the definition's own properties write (Label,
    /// ProgramArguments, KeepAlive, …): an error for an authored job, the precedence for one as a machine has it.
    /// </summary>
    public static IEnumerable<string> Overriding(BackgroundJobDefinition definition)
    {
        var modelled = Build(definition ?? throw new ArgumentNullException(nameof(definition)));
        return definition.Launchd.Keys.Where(modelled.ContainsKey);
    }

    /// <summary>Reads a job from a plist's top dictionary; without our marker it is a <paramref name="kind"/> of <paramref name="scope"/>.</summary>
    public static BackgroundJobDefinition Parse(RawMap plist, string fallbackName, JobKind kind, JobScope scope, string? user = null)
    {
        var keys = plist.Entries;
        var fields = Get<RawMap>(keys, MarkerKey)?.Entries ?? ValueMap<RawValue>.Empty;
        var marker = ManagedMarker.Read((name, _) => fields.TryGetValue(name, out var value) ? value switch
        {
            RawScalar scalar => new[] { scalar.Text },
            RawList list => list.Items.OfType<RawScalar>().Select(i => i.Text).ToArray(),
            _ => Array.Empty<string>(),
        } : Array.Empty<string>());
        var definition = new BackgroundJobDefinition(Text(keys, "Label") ?? fallbackName, marker.Kind ?? kind, marker.Scope ?? scope)
        {
            User = marker.User ?? user,
            WorkingDirectory = Text(keys, "WorkingDirectory"),
            Environment = Strings(keys, "EnvironmentVariables"),
            RunAs = Text(keys, "UserName") is null && Text(keys, "GroupName") is null ? null : new RunAs { User = Text(keys, "UserName"), Group = Text(keys, "GroupName") },
            Description = Text(keys, "ServiceDescription"),
            StartupType = Startup(keys, marker),
            Restart = Restart(keys),
            Schedule = Schedule(keys, marker.Cron),
            StandardOutputPath = Text(keys, "StandardOutPath"),
            StandardErrorPath = Text(keys, "StandardErrorPath"),
            Sockets = Sockets(keys, marker.SocketOrder, Accepts(keys)),
            Activation = Get<RawMap>(keys, "MachServices") is { Entries.Count: 1 } services && services.Entries.Single().Value is RawScalar { Type: RawScalarType.Boolean, Text: "true" } ? new Activation(services.Entries.Single().Key) : null,
            Watch = Watch(keys),
            ResourceLimits = Limits(keys),
            SecretEnvironment = marker.Secrets,
            Managed = marker.Managed,
            Platform = JobPlatform.Launchd,
            Origin = JobOrigin.Machine,
        };

        var arguments = Get<RawList>(keys, "ProgramArguments")?.Items.OfType<RawScalar>().Select(s => s.Text).ToList();
        var program = Text(keys, "Program") ?? arguments?.FirstOrDefault();
        if (program is not null)
        {
            definition = definition with { Program = program, Arguments = ValueList<string>.From(arguments?.Skip(1) ?? Enumerable.Empty<string>()) };
        }

        var rendered = Build(definition);
        var unmodelled = new List<(string, RawValue)>();
        foreach (var entry in keys.Where(e => e.Key != MarkerKey))
        {
            if (!rendered.TryGetValue(entry.Key, out var value) || !Equals(value, entry.Value))
            {
                unmodelled.Add((entry.Key, entry.Value));
            }
        }

        var absent = rendered.Keys.Where(k => k != MarkerKey && !keys.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (absent.Count > 0)
        {
            unmodelled.Add((AbsentKey, new RawList(ValueList<RawValue>.From(absent.Select(a => (RawValue)new RawScalar(a))))));
        }

        return definition with { Unmodelled = ValueMap<RawValue>.From(unmodelled) };
    }

    private static Dictionary<string, RawValue> Build(BackgroundJobDefinition d)
    {
        var keys = new Dictionary<string, RawValue>(StringComparer.Ordinal) { ["Label"] = new RawScalar(d.Name) };
        if (d.Program is not null)
        {
            keys["ProgramArguments"] = List(new[] { d.Program }.Concat(d.Arguments));
        }

        Put(keys, "WorkingDirectory", d.WorkingDirectory);
        if (d.Environment.Count > 0)
        {
            keys["EnvironmentVariables"] = new RawMap(ValueMap<RawValue>.From(d.Environment.Select(e => (e.Key, (RawValue)new RawScalar(e.Value)))));
        }

        Put(keys, "UserName", d.RunAs?.User);
        Put(keys, "GroupName", d.RunAs?.Group);
        Put(keys, "ServiceDescription", d.Description);
        var startup = d.StartupType ?? StartupType.Automatic;
        if (d.Kind == JobKind.LoginItem || (startup == StartupType.Automatic && !RunStates.IsTriggered(d)))
        {
            keys["RunAtLoad"] = Boolean(true);
        }

        if (startup == StartupType.Disabled)
        {
            keys["Disabled"] = Boolean(true);
        }

        if (d.Kind == JobKind.LoginItem)
        {
            keys["LimitLoadToSessionType"] = new RawScalar("Aqua");
        }

        if (d.Restart is { } restart)
        {
            switch (restart.Policy)
            {
                case RestartCondition.Always:
                    keys["KeepAlive"] = Boolean(true);
                    break;
                case RestartCondition.OnFailure:
                    keys["KeepAlive"] = new RawMap(ValueMap<RawValue>.From(new[] { ("SuccessfulExit", Boolean(false)) }));
                    break;
            }

            if (restart.Delay is { } delay)
            {
                keys["ThrottleInterval"] = Integer((long)Math.Ceiling(delay.TotalSeconds));
            }
        }

        if (d.Schedule?.Every is { } every)
        {
            keys["StartInterval"] = Integer((long)Math.Ceiling(every.TotalSeconds));
        }
        else if (d.Schedule?.Cron is { IsValid: true } cron)
        {
            var calendar = LaunchdCalendar.Intervals(cron);
            keys["StartCalendarInterval"] = calendar.Count == 1 ? calendar[0] : new RawList(ValueList<RawValue>.From(calendar));
        }

        Put(keys, "StandardOutPath", d.StandardOutputPath);
        Put(keys, "StandardErrorPath", d.StandardErrorPath);
        if (d.Sockets.Count > 0)
        {
            keys["Sockets"] = new RawMap(ValueMap<RawValue>.From(d.Sockets.Select(s => (s.Name, (RawValue)Socket(s)))));
        }

        if (d.Sockets.Any(s => s.Accept))
        {
            keys["inetdCompatibility"] = new RawMap(ValueMap<RawValue>.From(new[] { ("Wait", Boolean(false)) }));
        }

        if (d.Activation is { } activation)
        {
            keys["MachServices"] = new RawMap(ValueMap<RawValue>.From(new[] { (activation.Name, Boolean(true)) }));
        }

        if (d.Watch?.Paths.Count > 0)
        {
            keys["WatchPaths"] = List(d.Watch.Paths);
        }

        if (d.Watch?.QueueDirectories.Count > 0)
        {
            keys["QueueDirectories"] = List(d.Watch.QueueDirectories);
        }

        if (d.ResourceLimits is { } limits)
        {
            var resources = new List<(string, RawValue)>();
            if (limits.OpenFiles is { } files)
            {
                resources.Add(("NumberOfFiles", Integer(files)));
            }

            if (limits.Processes is { } processes)
            {
                resources.Add(("NumberOfProcesses", Integer(processes)));
            }

            if (resources.Count > 0)
            {
                keys["SoftResourceLimits"] = new RawMap(ValueMap<RawValue>.From(resources));
                keys["HardResourceLimits"] = new RawMap(ValueMap<RawValue>.From(resources));
            }

            if (limits.Nice is { } nice)
            {
                keys["Nice"] = Integer(nice);
            }
        }

        // A plist says the flag as <true/>, a list as an array; the order of the sockets' dictionary is not kept by launchd, so the marker keeps it.
        var marker = ManagedMarker.Of(d).Fields().Select(f => (f.Name, f.Name == "Managed" ? Boolean(true) : f.IsList ? List(f.Values) : (RawValue)new RawScalar(f.Values[0])));
        keys[MarkerKey] = new RawMap(ValueMap<RawValue>.From(marker));
        return keys;
    }

    private static RawValue Socket(SocketSpec socket)
    {
        var keys = new List<(string, RawValue)> { ("SockType", new RawScalar(socket.Protocol == SocketProtocol.Udp ? "dgram" : "stream")) };
        if (socket.Protocol == SocketProtocol.Unix)
        {
            keys.Add(("SockPathName", new RawScalar(socket.Path ?? string.Empty)));
            keys.Add(("SockFamily", new RawScalar("Unix")));
        }
        else
        {
            keys.Add(("SockServiceName", new RawScalar(socket.Port?.ToString(CultureInfo.InvariantCulture) ?? "0")));
            if (socket.Address is not null)
            {
                keys.Add(("SockNodeName", new RawScalar(socket.Address)));
            }
        }

        return new RawMap(ValueMap<RawValue>.From(keys));
    }

    /// <summary>WatchPaths and QueueDirectories as lists of strings; anything else in them stays a native key.</summary>
    private static PathWatch? Watch(ValueMap<RawValue> keys)
    {
        static ValueList<string> Paths(ValueMap<RawValue> keys, string key) =>
            Get<RawList>(keys, key) is { } list && list.Items.All(i => i is RawScalar) ? ValueList<string>.From(list.Items.Select(i => ((RawScalar)i).Text)) : ValueList<string>.Empty;

        var watch = new PathWatch { Paths = Paths(keys, "WatchPaths"), QueueDirectories = Paths(keys, "QueueDirectories") };
        return watch.Paths.Count == 0 && watch.QueueDirectories.Count == 0 ? null : watch;
    }

    /// <summary>inetd's way without Wait: launchd accepts each connection and runs the job for it.</summary>
    private static bool Accepts(ValueMap<RawValue> keys) =>
        Get<RawMap>(keys, "inetdCompatibility") is { } inetd && inetd.Entries.Count == 1 && inetd.Entries.TryGetValue("Wait", out var wait) && wait is RawScalar { Type: RawScalarType.Boolean, Text: "false" };

    private static ValueList<SocketSpec> Sockets(ValueMap<RawValue> keys, IReadOnlyList<string> order, bool accept)
    {
        if (Get<RawMap>(keys, "Sockets") is not { } sockets)
        {
            return ValueList<SocketSpec>.Empty;
        }

        var specs = new List<SocketSpec>();
        foreach (var entry in sockets.Entries)
        {
            if (entry.Value is not RawMap socket)
            {
                return ValueList<SocketSpec>.Empty;
            }

            var type = Text(socket.Entries, "SockType") ?? "stream";
            var path = Text(socket.Entries, "SockPathName");
            SocketSpec spec;
            if (path is not null)
            {
                spec = new SocketSpec(entry.Key, SocketProtocol.Unix) { Path = path };
            }
            else if (int.TryParse(Text(socket.Entries, "SockServiceName"), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                spec = new SocketSpec(entry.Key, type == "dgram" ? SocketProtocol.Udp : SocketProtocol.Tcp) { Port = port, Address = Text(socket.Entries, "SockNodeName") };
            }
            else
            {
                return ValueList<SocketSpec>.Empty;
            }

            specs.Add(spec with { Accept = accept && sockets.Entries.Count == 1 });
        }

        return ValueList<SocketSpec>.From(specs.OrderBy(s => order.ToList().IndexOf(s.Name) is var at && at >= 0 ? at : int.MaxValue).ThenBy(s => s.Name, StringComparer.Ordinal));
    }

    private static StartupType? Startup(ValueMap<RawValue> keys, ManagedMarker marker)
    {
        if (marker.Managed)
        {
            return marker.StartupType;
        }

        // A loaded job with a trigger is armed by launchd without RunAtLoad: it listens, watches or waits for its time.
        var triggered = new[] { "StartInterval", "StartCalendarInterval", "Sockets", "WatchPaths", "QueueDirectories", "MachServices" }.Any(keys.ContainsKey);
        // KeepAlive true keeps the job running from the moment it is loaded, and SuccessfulExit "implies that RunAtLoad is
        // set to true, since the job needs to run at least once before an exit status can be determined" (launchd.plist(5)).
        var keptAliveFromLoad = keys.TryGetValue("KeepAlive", out var keepAlive)
            && (keepAlive is RawScalar { Type: RawScalarType.Boolean, Text: "true" } || keepAlive is RawMap map && map.Entries.ContainsKey("SuccessfulExit"));
        return Text(keys, "Disabled") == "true" ? StartupType.Disabled
            : Text(keys, "RunAtLoad") == "true" || triggered || keptAliveFromLoad ? StartupType.Automatic
            : StartupType.Manual;
    }

    private static RestartPolicy? Restart(ValueMap<RawValue> keys)
    {
        RestartCondition? policy = keys.TryGetValue("KeepAlive", out var keepAlive) ? keepAlive switch
        {
            RawScalar { Type: RawScalarType.Boolean, Text: "true" } => RestartCondition.Always,
            RawScalar { Type: RawScalarType.Boolean } => RestartCondition.Never,
            RawMap { Entries.Count: 1 } map when map.Entries.TryGetValue("SuccessfulExit", out var exit) && exit is RawScalar { Text: "false" } => RestartCondition.OnFailure,
            _ => null,
        } : null;
        Duration? delay = int.TryParse(Text(keys, "ThrottleInterval"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? Duration.FromSeconds(seconds) : null;
        return policy is { } known && known != RestartCondition.Never ? new RestartPolicy(known) { Delay = delay } : null;
    }

    private static Schedule? Schedule(ValueMap<RawValue> keys, string? cron)
    {
        if (cron is not null)
        {
            return Model.Schedule.OnCron(cron);
        }

        if (long.TryParse(Text(keys, "StartInterval"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= (long)Duration.Maximum.TotalSeconds)
        {
            return Model.Schedule.EveryInterval(Duration.FromSeconds(seconds));
        }

        return keys.TryGetValue("StartCalendarInterval", out var calendar) && LaunchdCalendar.CronOf(calendar) is { } parsed ? new Schedule { Cron = parsed } : null;
    }

    private static ResourceLimits? Limits(ValueMap<RawValue> keys)
    {
        long? Limit(string name) =>
            Get<RawMap>(keys, "SoftResourceLimits") is { } soft && long.TryParse(Text(soft.Entries, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

        int? nice = int.TryParse(Text(keys, "Nice"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
        var limits = new ResourceLimits { OpenFiles = Limit("NumberOfFiles"), Processes = Limit("NumberOfProcesses"), Nice = nice };
        return limits == new ResourceLimits() ? null : limits;
    }

    private static ValueMap<string> Strings(ValueMap<RawValue> keys, string key) =>
        Get<RawMap>(keys, key) is { } map && map.Entries.Values.All(v => v is RawScalar)
            ? ValueMap<string>.From(map.Entries.Select(e => (e.Key, ((RawScalar)e.Value).Text)))
            : ValueMap<string>.Empty;

    private static T? Get<T>(ValueMap<RawValue> keys, string key)
        where T : RawValue => keys.TryGetValue(key, out var value) ? value as T : null;

    private static string? Text(ValueMap<RawValue> keys, string key) => Get<RawScalar>(keys, key)?.Text;

    private static void Put(Dictionary<string, RawValue> keys, string key, string? value)
    {
        if (value is not null)
        {
            keys[key] = new RawScalar(value);
        }
    }

    private static RawValue Boolean(bool value) => new RawScalar(value ? "true" : "false", RawScalarType.Boolean);

    private static RawValue Integer(long value) => new RawScalar(value.ToString(CultureInfo.InvariantCulture), RawScalarType.Integer);

    private static RawValue List(IEnumerable<string> items) => new RawList(ValueList<RawValue>.From(items.Select(i => (RawValue)new RawScalar(i))));
}
