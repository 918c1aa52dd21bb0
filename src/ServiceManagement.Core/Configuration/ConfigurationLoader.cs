using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Configuration;

/// <summary>
/// Reads configuration files: our <c>jobs:</c> document and DSC v3 configuration documents whose
/// <c>ServiceManagement/BackgroundJob</c> resources carry the same per-job properties. Every problem
/// becomes a located finding; reading goes on past errors so that one run reports them all.
/// </summary>
public static class ConfigurationLoader
{
    public const long MaxFileBytes = 16L * 1024 * 1024;
    public const string DscResourceType = "ServiceManagement/BackgroundJob";

    internal static readonly string[] JobKeys =
    {
        "name", "kind", "scope", "user", "program", "arguments", "workingDirectory", "environment", "runAs",
        "description", "startupType", "restart", "schedule", "standardOutputPath", "standardErrorPath", "sockets",
        "dependencies", "resourceLimits", "sandbox", "ensure", "origin", "launchd", "systemd", "windows",
    };

    private static readonly string[] DscDocumentKeys = { "$schema", "parameters", "variables", "metadata", "resources" };
    private static readonly string[] DscResourceKeys = { "name", "type", "properties", "dependsOn", "metadata" };
    private static readonly Regex MemoryPattern = new("^([0-9]{1,15})([KMGT]?)$", RegexOptions.CultureInvariant);

    /// <summary>Reads a file; a missing file is an <see cref="InputNotFoundException"/>, anything else a finding.</summary>
    public static ConfigurationLoadResult LoadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InputNotFoundException(path);
        }

        if (info.Length > MaxFileBytes)
        {
            return Failed(path, "FileTooLarge", $"The file is {info.Length} bytes; configuration files are limited to {MaxFileBytes} bytes.");
        }

        return TryDecode(File.ReadAllBytes(path), out var text) ? Parse(text, path) : Failed(path, "NotUtf8", NotText);
    }

    internal const string NotText = "The file is not text: neither UTF-8, nor UTF-16 or UTF-32 with a byte-order mark.";

    /// <summary>
    /// The text of a file as every reader takes it: UTF-8, or UTF-16 or UTF-32 when a byte-order mark says
    /// so (Windows editors and regedit write those); strictly, so that a malformed byte is refused, not replaced.
    /// </summary>
    public static bool TryDecode(byte[] bytes, out string text)
    {
        bool Marked(params byte[] mark) => bytes.Length >= mark.Length && mark.Select((b, i) => bytes[i] == b).All(same => same);
        var (encoding, skip) = (bytes ?? throw new ArgumentNullException(nameof(bytes))) switch
        {
            _ when Marked(0xFF, 0xFE, 0x00, 0x00) => ((Encoding)new UTF32Encoding(false, false, true), 4),
            _ when Marked(0x00, 0x00, 0xFE, 0xFF) => (new UTF32Encoding(true, false, true), 4),
            _ when Marked(0xFF, 0xFE) => (new UnicodeEncoding(false, false, true), 2),
            _ when Marked(0xFE, 0xFF) => (new UnicodeEncoding(true, false, true), 2),
            _ when Marked(0xEF, 0xBB, 0xBF) => (new UTF8Encoding(false, true), 3),
            _ => (new UTF8Encoding(false, true), 0),
        };
        try
        {
            text = encoding.GetString(bytes, skip, bytes.Length - skip);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>Parses configuration text; <paramref name="file"/> names it in findings.</summary>
    public static ConfigurationLoadResult Parse(string text, string file)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        if (text.Length > MaxFileBytes)
        {
            return Failed(file, "FileTooLarge", $"The configuration is {text.Length} characters; the limit is {MaxFileBytes}.");
        }

        if (FirstForbiddenCharacter(text) is { } forbidden)
        {
            return Failed(file, "YamlInvalid", $"The file contains the character U+{(int)text[forbidden]:X4}, which YAML does not allow; write control characters as escapes inside double quotes.", Locate(text, file, forbidden));
        }

        YamlNode? root;
        try
        {
            root = YamlTree.Parse(text, file);
        }
        catch (ConfigurationSyntaxException ex)
        {
            return new ConfigurationLoadResult(null, new[] { new Finding(FindingSeverity.Error, "YamlInvalid", string.Empty, ex.Message) { Location = ex.Location } });
        }

        var reader = new Reader(file);
        if (root is not YamlMapping top)
        {
            return Failed(file, "ConfigurationShape", "A configuration is a mapping with a jobs: list (or a DSC v3 document with resources:).", root?.Location);
        }

        ConfigurationForm form;
        var entries = new List<ConfigurationEntry>();
        if (Find(top, "resources") is not null && Find(top, "jobs") is null)
        {
            form = ConfigurationForm.Dsc;
            reader.UnknownKeys(top, string.Empty, DscDocumentKeys);
            ReadDscResources(reader, Find(top, "resources")!, entries);
        }
        else
        {
            form = ConfigurationForm.Jobs;
            reader.UnknownKeys(top, string.Empty, new[] { "jobs" });
            var jobs = Find(top, "jobs");
            if (jobs is null)
            {
                reader.Error("JobsMissing", "jobs", "The configuration has no jobs: list.", top.Location);
            }
            else if (reader.Expect<YamlSequence>(jobs, "jobs", "a list of jobs") is { } list)
            {
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (reader.Expect<YamlMapping>(list.Items[i], $"jobs[{i}]", "a job (a mapping with name, kind, program, …)") is { } job)
                    {
                        entries.Add(reader.ReadJob(job, $"jobs[{i}]", allowExist: false));
                    }
                }
            }
        }

        return new ConfigurationLoadResult(new ConfigurationDocument(form, entries), reader.Findings) { Covered = reader.Covered };
    }

    /// <summary>
    /// Every finding for a loaded configuration: what loading found, then what validation finds in the
    /// jobs, located in the file. Validation says nothing more about a property loading already rejected.
    /// </summary>
    public static IReadOnlyList<Finding> Validate(ConfigurationLoadResult result, TargetOperatingSystem? os = null)
    {
        if (result?.Document is not { } document)
        {
            return result?.Findings ?? throw new ArgumentNullException(nameof(result));
        }

        // Sets looked up by each path's prefixes: linear in the findings however many there are.
        var rejected = new HashSet<string>(result.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Path).Concat(result.Covered).Where(p => p.Length > 0), StringComparer.Ordinal);
        var entries = new Dictionary<string, ConfigurationEntry>(StringComparer.Ordinal);
        foreach (var entry in document.Entries)
        {
            entries[entry.EntryPath] = entry;
        }

        var validation = ConfigurationEntry.Validate(document.Entries, os)
            .Where(f => !Prefixes(f.Path).Any(rejected.Contains))
            .Select(f => f with { Location = Locate(entries, f.Path) });
        return result.Findings.Concat(validation).ToList();
    }

    /// <summary>A path and each path it lies inside: <c>jobs[2].restart.delay</c>, <c>jobs[2].restart</c>, <c>jobs[2]</c>, <c>jobs</c>.</summary>
    private static IEnumerable<string> Prefixes(string path)
    {
        for (var cut = path.Length; cut > 0; cut = Math.Max(path.LastIndexOf('.', cut - 1), path.LastIndexOf('[', cut - 1)))
        {
            yield return path.Substring(0, cut);
        }
    }

    /// <summary>
    /// Platform-neutral findings once, then for each operating system the findings only it has; when
    /// there are several systems, each such message says which one it concerns.
    /// </summary>
    public static IReadOnlyList<Finding> ValidateFor(ConfigurationLoadResult result, IReadOnlyList<TargetOperatingSystem> systems)
    {
        var neutral = Validate(result);
        var known = new HashSet<Finding>(neutral);
        var findings = new List<Finding>(neutral);
        foreach (var os in systems)
        {
            var specific = Validate(result, os).Where(f => !known.Contains(f));
            findings.AddRange(systems.Count == 1 ? specific : specific.Select(f => f with { Message = $"on {os.ToString().ToLowerInvariant()}: {f.Message}" }));
        }

        return findings;
    }

    /// <summary>Loads and validates a file, throwing <see cref="InvalidDefinitionException"/> when anything is wrong.</summary>
    public static ConfigurationDocument Load(string path, TargetOperatingSystem? os = null) => Checked(LoadFile(path), os);

    /// <summary>Loads and validates a configuration given as text (YAML or JSON), named <paramref name="source"/> in findings.</summary>
    public static ConfigurationDocument LoadText(string text, string source, TargetOperatingSystem? os = null) => Checked(Parse(text, source), os);

    private static ConfigurationDocument Checked(ConfigurationLoadResult result, TargetOperatingSystem? os)
    {
        var findings = Validate(result, os);
        if (result.Document is null || findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            throw new InvalidDefinitionException(findings);
        }

        return result.Document;
    }

    /// <summary>The index of the first character outside YAML's printable set, if any.</summary>
    private static int? FirstForbiddenCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c < ' ' && c is not '\t' and not '\n' and not '\r') || c == '\u007f' || (c is >= '\u0080' and <= '\u009f' && c != '\u0085') || c is '\ufffe' or '\uffff')
            {
                return i;
            }
        }

        return null;
    }

    private static SourceLocation Locate(string text, string file, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourceLocation(file, line, index - lineStart + 1);
    }

    private static SourceLocation? Locate(IReadOnlyDictionary<string, ConfigurationEntry> entries, string path)
    {
        var entry = Prefixes(path).Select(prefix => entries.TryGetValue(prefix, out var found) ? found : null).FirstOrDefault(found => found is not null);
        if (entry is null)
        {
            return null;
        }

        var relative = path == entry.EntryPath ? string.Empty : path.Substring(entry.EntryPath.Length + 1);
        while (true)
        {
            if (entry.Locations.TryGetValue(relative, out var location))
            {
                return location;
            }

            if (relative.Length == 0)
            {
                return null;
            }

            var cut = Math.Max(relative.LastIndexOf('.'), relative.LastIndexOf('['));
            relative = cut < 0 ? string.Empty : relative.Substring(0, cut);
        }
    }

    private static void ReadDscResources(Reader reader, YamlNode resources, List<ConfigurationEntry> entries)
    {
        if (reader.Expect<YamlSequence>(resources, "resources", "a list of resources") is not { } list)
        {
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"resources[{i}]";
            if (reader.Expect<YamlMapping>(list.Items[i], path, "a resource (a mapping with name, type and properties)") is not { } resource)
            {
                continue;
            }

            reader.UnknownKeys(resource, path, DscResourceKeys);
            var type = reader.String(Find(resource, "type"), path + ".type", required: true);
            if (!string.Equals(type, DscResourceType, StringComparison.OrdinalIgnoreCase))
            {
                if (type is not null)
                {
                    reader.Add(FindingSeverity.Info, "ResourceSkipped", path, $"The resource type '{type}' is not {DscResourceType}; it was skipped.", resource.Location);
                }

                continue;
            }

            var properties = Find(resource, "properties");
            if (properties is null)
            {
                reader.Error("KeyMissing", path + ".properties", "The resource has no properties: the job's name, kind, program, ….", resource.Location);
            }
            else if (reader.Expect<YamlMapping>(properties, path + ".properties", "the job's properties") is { } job)
            {
                entries.Add(reader.ReadJob(job, path + ".properties", allowExist: true));
            }
        }
    }

    internal static YamlNode? Find(YamlMapping mapping, string key) =>
        mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Value;

    private static ConfigurationLoadResult Failed(string file, string code, string message, SourceLocation? location = null) =>
        new(null, new[] { new Finding(FindingSeverity.Error, code, string.Empty, message) { Location = location ?? new SourceLocation(file, 1, 1) } });

    /// <summary>Reads nodes into model values, recording findings and where each property was written.</summary>
    private sealed class Reader
    {
        private readonly string _file;
        private Dictionary<string, SourceLocation> _locations = new();
        private string _entryPath = string.Empty;

        public Reader(string file) => _file = file;

        public List<Finding> Findings { get; } = new();

        public HashSet<string> Covered { get; } = new(StringComparer.Ordinal);

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

            var kind = Enum(Find(job, "kind"), "kind", Names<JobKind>(), required: true) ?? JobKind.Daemon;
            var scope = Enum(Find(job, "scope"), "scope", Names<JobScope>()) ?? (kind == JobKind.Daemon ? JobScope.System : JobScope.User);
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
                StartupType = Enum(Find(job, "startupType"), "startupType", Names<StartupType>()),
                Restart = ReadRestart(Find(job, "restart")),
                Schedule = ReadSchedule(Find(job, "schedule")),
                StandardOutputPath = Text(Find(job, "standardOutputPath"), "standardOutputPath"),
                StandardErrorPath = Text(Find(job, "standardErrorPath"), "standardErrorPath"),
                Sockets = ReadSockets(Find(job, "sockets")),
                Dependencies = StringList(Find(job, "dependencies"), "dependencies", lenient: false),
                ResourceLimits = ReadResourceLimits(Find(job, "resourceLimits")),
                Sandbox = ReadSandboxProfile(Find(job, "sandbox")),
                Confinement = ReadConfinement(Find(job, "sandbox")),
                Launchd = RawMapping(Find(job, "launchd"), "launchd"),
                Systemd = RawMapping(Find(job, "systemd"), "systemd"),
                Windows = RawMapping(Find(job, "windows"), "windows"),
                Origin = Enum(Find(job, "origin"), "origin", Names<JobOrigin>()) ?? JobOrigin.Authored,
            };

            var ensure = Enum(Find(job, "ensure"), "ensure", Names<Ensure>());
            var exist = allowExist ? Boolean(Find(job, "_exist"), "_exist") : null;
            if (exist is { } exists && ensure is { } stated && exists != (stated == Configuration.Ensure.Present))
            {
                Error("EnsureConflict", "_exist", $"_exist: {(exists ? "true" : "false")} contradicts ensure: {Names<Ensure>().First(n => n.Value == stated).Key}; keep one of them.", Find(job, "_exist")!.Location);
            }

            var effective = ensure ?? (exist == false ? Configuration.Ensure.Absent : Configuration.Ensure.Present);
            return new ConfigurationEntry(definition, effective) { EntryPath = path, Locations = _locations };
        }

        public void UnknownKeys(YamlMapping mapping, string path, IReadOnlyCollection<string> known)
        {
            foreach (var entry in mapping.Entries)
            {
                if (!known.Contains(entry.Key.Value))
                {
                    var meant = Suggestions.Nearest(entry.Key.Value, known);
                    if (meant is not null)
                    {
                        Covered.Add(Join(path, meant));
                    }

                    var help = meant is null ? $"Allowed here: {string.Join(", ", known)}." : $"Did you mean '{meant}'?";
                    Error("UnknownKey", Join(path, entry.Key.Value), $"Unknown key '{Clip(entry.Key.Value)}'. {help}", entry.Key.Location, absolute: true);
                }
            }
        }

        public T? Expect<T>(YamlNode node, string path, string what)
            where T : YamlNode
        {
            if (node is T typed)
            {
                return typed;
            }

            Error("WrongType", path, $"Expected {what}, found {node.Describe()}.", node.Location, absolute: true);
            return null;
        }

        /// <summary>Reads a string in a document-level position (outside any job).</summary>
        public string? String(YamlNode? node, string path, bool required) =>
            ReadString(node, path, required, lenient: false, absolute: true);

        public void Error(string code, string path, string message, SourceLocation location, bool absolute = false) =>
            Add(FindingSeverity.Error, code, absolute ? path : Join(_entryPath, path), message, location);

        public void Add(FindingSeverity severity, string code, string path, string message, SourceLocation location) =>
            Findings.Add(new Finding(severity, code, path, message) { Location = location });

        private string? Text(YamlNode? node, string path, bool required = false) => ReadString(node, path, required, lenient: false, absolute: false);

        private string? ReadString(YamlNode? node, string path, bool required, bool lenient, bool absolute)
        {
            if (node is null)
            {
                if (required)
                {
                    Error("KeyMissing", path, $"The key '{path.Split('.').Last()}' is required.", _locations.TryGetValue(string.Empty, out var at) ? at : new SourceLocation(_file, 1, 1), absolute);
                }

                return null;
            }

            Record(path, node, absolute);
            if (node is YamlScalar scalar && (scalar.Type == YamlScalarType.String || (lenient && scalar.Type != YamlScalarType.Null)))
            {
                return scalar.Value;
            }

            var hint = node is YamlScalar { Type: not YamlScalarType.Null } ? $" Quote it (\"{Clip(((YamlScalar)node).Value)}\") to make it a string." : string.Empty;
            Error("WrongType", path, $"Expected a string, found {node.Describe()}.{hint}", node.Location, absolute);
            return null;
        }

        private T? Enum<T>(YamlNode? node, string path, IReadOnlyDictionary<string, T> names, bool required = false)
            where T : struct
        {
            var text = Text(node, path, required);
            if (text is null)
            {
                return null;
            }

            if (names.TryGetValue(text, out var value))
            {
                return value;
            }

            Error("ValueInvalid", path, $"'{Clip(text)}' is not a valid {path.Split('.').Last()}.{Suggestions.DidYouMean(text, names.Keys)} Use one of: {string.Join(", ", names.Keys)}.", node!.Location);
            return null;
        }

        private bool? Boolean(YamlNode? node, string path)
        {
            if (node is null)
            {
                return null;
            }

            Record(path, node, absolute: false);
            if (node is YamlScalar { Type: YamlScalarType.Boolean } scalar)
            {
                return scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase);
            }

            Error("WrongType", path, $"Expected true or false, found {node.Describe()}.", node.Location);
            return null;
        }

        private long? Integer(YamlNode? node, string path, long min, long max)
        {
            if (node is null)
            {
                return null;
            }

            Record(path, node, absolute: false);
            if (node is YamlScalar { Type: YamlScalarType.Integer } scalar && TryInteger(scalar.Value, out var value))
            {
                if (value >= min && value <= max)
                {
                    return value;
                }

                Error("OutOfRange", path, $"{scalar.Value} is out of range; {path.Split('.').Last()} must be from {min} to {max}.", node.Location);
                return null;
            }

            Error("WrongType", path, $"Expected a whole number, found {Describe(node)}.", node.Location);
            return null;
        }

        private Duration? ReadDuration(YamlNode? node, string path)
        {
            if (node is YamlScalar { Type: YamlScalarType.Integer or YamlScalarType.Real } number)
            {
                Record(path, node, absolute: false);
                Error("WrongType", path, $"Expected a duration with a unit, found the bare number {Clip(number.Value)}; write it like {Clip(number.Value)}s, 15m or 1h30m.", node.Location);
                return null;
            }

            var text = Text(node, path);
            if (text is null)
            {
                return null;
            }

            if (Duration.TryParse(text, out var duration, out var error))
            {
                return duration;
            }

            Error("DurationInvalid", path, error, node!.Location);
            return null;
        }

        private ValueList<string> StringList(YamlNode? node, string path, bool lenient = true)
        {
            if (node is null)
            {
                return ValueList<string>.Empty;
            }

            Record(path, node, absolute: false);
            if (Expect<YamlSequence>(node, Join(_entryPath, path), "a list") is not { } list)
            {
                return ValueList<string>.Empty;
            }

            var items = new List<string>();
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (ReadString(list.Items[i], $"{path}[{i}]", required: false, lenient, absolute: false) is { } item)
                {
                    items.Add(item);
                }
            }

            return ValueList<string>.From(items);
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

            var policy = Enum(Find(mapping, "policy"), "restart.policy", Names<RestartCondition>(), required: true);
            RestartThrottle? throttle = null;
            if (Section(Find(mapping, "throttle"), "restart.throttle", new[] { "burst", "interval" }) is { } throttleMapping)
            {
                var burst = Integer(Find(throttleMapping, "burst"), "restart.throttle.burst", 0, int.MaxValue);
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
                if (Section(list.Items[i], path, new[] { "name", "protocol", "address", "port", "path" }) is not { } mapping)
                {
                    continue;
                }

                var name = Text(Find(mapping, "name"), path + ".name", required: true);
                var protocol = Enum(Find(mapping, "protocol"), path + ".protocol", Names<SocketProtocol>(), required: true);
                var socket = new SocketSpec(name ?? string.Empty, protocol ?? SocketProtocol.Tcp)
                {
                    Address = Text(Find(mapping, "address"), path + ".address"),
                    Port = (int?)Integer(Find(mapping, "port"), path + ".port", 1, 65535),
                    Path = Text(Find(mapping, "path"), path + ".path"),
                };
                sockets.Add(socket);
            }

            return ValueList<SocketSpec>.From(sockets);
        }

        /// <summary><c>sandbox: strict</c>, or the profile of <c>sandbox: { profile: strict, … }</c>.</summary>
        private SandboxProfile? ReadSandboxProfile(YamlNode? node) =>
            node is YamlMapping mapping ? Enum(Find(mapping, "profile"), "sandbox.profile", Names<SandboxProfile>()) : Enum(node, "sandbox", Names<SandboxProfile>());

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
                OpenFiles = Integer(Find(mapping, "openFiles"), "resourceLimits.openFiles", 1, long.MaxValue),
                Processes = Integer(Find(mapping, "processes"), "resourceLimits.processes", 1, long.MaxValue),
                MemoryBytes = ReadMemory(Find(mapping, "memory")),
                CpuPercent = (int?)Integer(Find(mapping, "cpuPercent"), "resourceLimits.cpuPercent", 1, 100_000),
                Nice = (int?)Integer(Find(mapping, "nice"), "resourceLimits.nice", -20, 19),
            };
        }

        private long? ReadMemory(YamlNode? node)
        {
            const string Path = "resourceLimits.memory";
            if (node is YamlScalar { Type: YamlScalarType.Integer })
            {
                return Integer(node, Path, 1, long.MaxValue);
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

        private ValueMap<RawValue> RawMapping(YamlNode? node, string path)
        {
            if (node is null)
            {
                return ValueMap<RawValue>.Empty;
            }

            Record(path, node, absolute: false);
            return Expect<YamlMapping>(node, Join(_entryPath, path), $"a mapping of native {path} settings") is { } mapping
                ? ((RawMap)Raw(mapping, path)).Entries
                : ValueMap<RawValue>.Empty;
        }

        private RawValue Raw(YamlNode node, string path)
        {
            Record(path, node, absolute: false);
            switch (node)
            {
                case YamlScalar scalar:
                    if (scalar.Type == YamlScalarType.Null)
                    {
                        Error("WrongType", path, "Expected a value, found null; write an empty string as \"\".", node.Location);
                    }

                    return new RawScalar(scalar.Value, scalar.Type switch
                    {
                        YamlScalarType.Boolean => RawScalarType.Boolean,
                        YamlScalarType.Integer => RawScalarType.Integer,
                        YamlScalarType.Real => RawScalarType.Real,
                        _ => RawScalarType.String,
                    });
                case YamlSequence sequence:
                    return new RawList(ValueList<RawValue>.From(sequence.Items.Select((item, i) => Raw(item, $"{path}[{i}]"))));
                case YamlMapping { Entries.Count: 1 } typed when RawTypes.Of(typed.Entries[0].Key.Value) is { } type:
                    var text = typed.Entries[0].Value is YamlScalar { Type: not YamlScalarType.Null } value ? value.Value : null;
                    if (text is null || !RawTypes.IsValid(type, text))
                    {
                        Error("WrongType", path, $"{typed.Entries[0].Key.Value} takes {(type == RawScalarType.Date ? "a UTC date and time such as 2026-01-31T12:00:00Z" : "base64 text")}.", typed.Location);
                    }

                    return new RawScalar(text ?? string.Empty, type);
                default:
                    var mapping = (YamlMapping)node;
                    return new RawMap(ValueMap<RawValue>.From(mapping.Entries.Select(e => (e.Key.Value, Raw(e.Value, path + "." + e.Key.Value)))));
            }
        }

        private YamlMapping? Section(YamlNode? node, string path, string[] keys)
        {
            if (node is null)
            {
                return null;
            }

            Record(path, node, absolute: false);
            if (Expect<YamlMapping>(node, Join(_entryPath, path), "a mapping") is not { } mapping)
            {
                return null;
            }

            UnknownKeys(mapping, Join(_entryPath, path), keys);
            _locations[path] = mapping.Location;
            return mapping;
        }

        private void RequireKeys(YamlMapping mapping, string path, params string[] keys)
        {
            foreach (var key in keys.Where(k => Find(mapping, k) is null))
            {
                Error("KeyMissing", path + "." + key, $"The key '{key}' is required in {path.Split('.').Last()}.", mapping.Location);
            }
        }

        private void Record(string path, YamlNode node, bool absolute)
        {
            if (!absolute)
            {
                _locations[path] = node.Location;
            }
        }

        private static string Describe(YamlNode node) =>
            node is YamlScalar { Type: YamlScalarType.String } scalar ? $"the string \"{Clip(scalar.Value)}\"" : node.Describe();

        private static string Clip(string text) =>
            new string(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (text.Length > 40 ? "…" : string.Empty);

        private static string Join(string prefix, string path) => prefix.Length == 0 ? path : path.Length == 0 ? prefix : prefix + "." + path;

        private static bool TryInteger(string text, out long value)
        {
            if (text.StartsWith("0x", StringComparison.Ordinal))
            {
                return long.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && value >= 0;
            }

            if (text.StartsWith("0o", StringComparison.Ordinal))
            {
                value = 0;
                foreach (var digit in text.Substring(2))
                {
                    if (value > (long.MaxValue >> 3))
                    {
                        return false;
                    }

                    value = (value << 3) + (digit - '0');
                }

                return true;
            }

            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }
    }

    /// <summary>The YAML spelling of each enum value: camelCase of the C# name.</summary>
    internal static IReadOnlyDictionary<string, T> Names<T>()
        where T : struct =>
        System.Enum.GetValues(typeof(T)).Cast<T>().ToDictionary(v => YamlName(v.ToString()!), v => v, StringComparer.Ordinal);

    /// <summary>How an enum value is spelt in configuration files and JSON: camelCase.</summary>
    public static string YamlName(string pascal) =>
        pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
}
