using System.Text.RegularExpressions;
using ServiceManagement.Model;

namespace ServiceManagement.Validation;

/// <summary>
/// Checks definitions and returns every finding at once, never just the first. Paths in findings are
/// the configuration file's keys (<c>restart.delay</c>, <c>arguments[2]</c>).
/// </summary>
/// <remarks>
/// Two tiers of rules. A definition a user authors (<see cref="JobOrigin.Authored"/>) must be portable
/// and safe: a reverse-DNS name, an absolute program, the rules of its kind, positive durations, and
/// nothing its platform cannot express. A definition that describes a job as a machine has it
/// (<see cref="JobOrigin.Machine"/>: read by inventory or from a native file, or exported with
/// <c>origin: machine</c>) is valid when its own job manager accepts it: those authoring rules become
/// warnings (<see cref="AuthoringRules"/>), what the model cannot say lives in the platform extras, and
/// only what no manager accepts or no file can hold stays an error (a name with '/' or control
/// characters, text a file cannot carry, malformed values).
/// </remarks>
public static class DefinitionValidator
{
    public const int MaxPathLength = 4096;
    public const int MaxDescriptionLength = 4096;

    /// <summary>The longest command line Windows accepts; no single string may exceed it anywhere.</summary>
    public const int MaxStringLength = 32767;

    /// <summary>systemd's CPUQuota= and launchd's and Windows' equivalents in percent of one CPU: a thousand CPUs at most.</summary>
    private const int MaxCpuPercent = 100_000;
    private static readonly Regex NamePattern = new("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant);

    /// <summary>A name some job manager accepts: no path separator, at most 255 characters (control characters are caught as text).</summary>
    private static readonly Regex ManagerNamePattern = new(@"^[^/\\]{1,255}$", RegexOptions.CultureInvariant);

    /// <summary>The rules only authored definitions are held to; for jobs as a machine has them they are warnings.</summary>
    public static IReadOnlyCollection<string> AuthoringRules { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "NameInvalid", "ProgramRequired", "PathNotAbsolute", "PathNotNormalized", "DaemonUserScope", "RunAsNotDaemon", "LoginItemRestart",
        "LoginItemSchedule", "DurationNotPositive", "EnvironmentNameInvalid", "DependencyInvalid", "DaemonGuiSession", "PlatformUnsupported",
        "SocketNameInvalid", "UserWithoutUserScope", "ProgramNative",
    };

    /// <summary>The command a job's native extras give when its portable program cannot say it, if any.</summary>
    private static string? NativeCommand(BackgroundJobDefinition d)
    {
        static string? Text(RawValue? value) => value switch
        {
            RawScalar scalar => scalar.Text,
            RawList list => string.Join(" ", list.Items.OfType<RawScalar>().Select(s => s.Text)),
            _ => null,
        };

        RawMap? Section(string name) => (d.Systemd.TryGetValue(name, out var given) ? given : d.Unmodelled.TryGetValue(name, out var kept) ? kept : null) as RawMap;
        var service = Section("Service");
        var desktop = Section("Desktop Entry");
        var launchd = d.Launchd.Count > 0 ? d.Launchd : d.Unmodelled;
        return (service?.Entries.TryGetValue("ExecStart", out var exec) == true ? "ExecStart=" + Text(exec) : null)
            ?? (desktop?.Entries.TryGetValue("Exec", out var desktopExec) == true ? "Exec=" + Text(desktopExec) : null)
            ?? (launchd.TryGetValue("ProgramArguments", out var arguments) ? "ProgramArguments " + Text(arguments) : null)
            ?? (launchd.TryGetValue("Program", out var program) ? "Program " + Text(program) : null)
            ?? (d.Windows.ContainsKey("TaskXml") || d.Unmodelled.ContainsKey("TaskXml") ? "the task's XML" : null);
    }
    private static readonly Regex CapabilityPattern = new("^CAP_[A-Z0-9_]{1,60}$", RegexOptions.CultureInvariant);
    private static readonly Regex EnvironmentNamePattern = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex AccountPattern = new(@"^[^\x00-\x1f\x7f/:*?""<>|]{1,256}$", RegexOptions.CultureInvariant);
    private static readonly string[] GuiSessionTypes = { "Aqua", "LoginWindow" };

    /// <summary>
    /// Validates one definition. With <paramref name="os"/>, also reports every property the platform
    /// that would run the job cannot express (error) or only approximates or ignores (warning).
    /// </summary>
    public static IReadOnlyList<Finding> Validate(BackgroundJobDefinition definition, TargetOperatingSystem? os = null)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        var findings = new Findings();
        CheckIdentity(definition, findings);
        CheckProgram(definition, os, findings);
        CheckPaths(definition, os, findings);
        CheckEnvironment(definition, findings);
        CheckSharedSecrets(definition, os, findings);
        CheckRunAs(definition, findings);
        findings.Text("description", definition.Description, MaxDescriptionLength);
        CheckRestart(definition, findings);
        CheckSchedule(definition, findings);
        CheckSockets(definition, os, findings);
        CheckDependencies(definition, findings);
        CheckResourceLimits(definition, findings);
        CheckExtras(definition, findings);
        if (os is { } target)
        {
            var platform = PlatformTargets.For(target, definition);
            CheckPlatform(definition, platform, findings);
            CheckNativeForm(definition, platform, findings);
            CheckPrivilege(definition, platform, findings);
        }

        return definition.Origin == JobOrigin.Authored ? findings.List : findings.List.Select(AsFoundOnMachine).ToList();
    }

    /// <summary>Validates only what names a job: name, kind, scope and user.</summary>
    public static IReadOnlyList<Finding> ValidateIdentity(BackgroundJobDefinition definition)
    {
        var findings = new Findings();
        CheckIdentity(definition ?? throw new ArgumentNullException(nameof(definition)), findings);
        return definition.Origin == JobOrigin.Authored ? findings.List : findings.List.Select(AsFoundOnMachine).ToList();
    }

    private static Finding AsFoundOnMachine(Finding finding) =>
        finding.Severity == FindingSeverity.Error && AuthoringRules.Contains(finding.Code)
            ? finding with { Severity = FindingSeverity.Warning, Message = "Not portable (kept as the machine has it): " + finding.Message }
            : finding;

    /// <summary>
    /// Validates a set of definitions that will be applied together: each one, and that no job is
    /// declared twice. A job is its identity — kind, scope, user and name (names compared ignoring case,
    /// as Windows and macOS file systems do) — so the system daemon <c>dbus</c> and a user's agent
    /// <c>dbus</c> are two jobs. Paths are prefixed with <c>jobs[i].</c>.
    /// </summary>
    /// <param name="identityOnly">Per definition, true when only its identity is checked (a job to remove).</param>
    public static IReadOnlyList<Finding> ValidateAll(IReadOnlyList<BackgroundJobDefinition> definitions, TargetOperatingSystem? os = null, IReadOnlyList<string>? paths = null, IReadOnlyList<bool>? identityOnly = null)
    {
        if (definitions is null)
        {
            throw new ArgumentNullException(nameof(definitions));
        }

        var findings = new List<Finding>();
        var firstIndexByIdentity = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < definitions.Count; i++)
        {
            var prefix = paths?[i] ?? $"jobs[{i}]";
            var definition = definitions[i];
            var found = identityOnly?[i] == true ? ValidateIdentity(definition) : Validate(definition, os);
            findings.AddRange(found.Select(f => f with { Path = Prefix(prefix, f.Path) }));
            if (string.IsNullOrEmpty(definition.Name))
            {
                continue;
            }

            var identity = JobIdentity.Of(definition);
            if (firstIndexByIdentity.TryGetValue(identity.Key, out var first))
            {
                findings.Add(new Finding(FindingSeverity.Error, "DuplicateJob", prefix + ".name",
                    $"The {identity} is already declared by {paths?[first] ?? $"jobs[{first}]"}; declare each job once."));
            }
            else
            {
                firstIndexByIdentity.Add(identity.Key, i);
            }
        }

        return findings;
    }

    internal static string Prefix(string prefix, string path) => path.Length == 0 ? prefix : prefix + "." + path;

    private static void CheckIdentity(BackgroundJobDefinition d, Findings findings)
    {
        if (string.IsNullOrEmpty(d.Name))
        {
            findings.Error("NameRequired", "name", "Every job needs a name, such as com.example.backup.");
        }
        else if (d.Origin == JobOrigin.Machine && !ManagerNamePattern.IsMatch(d.Name))
        {
            findings.Error("NameUnusable", "name", $"'{Shorten(d.Name)}' cannot name a job on any system: it has a path separator or is longer than 255 characters.");
        }
        else if (!NamePattern.IsMatch(d.Name))
        {
            findings.Error("NameInvalid", "name",
                $"'{Shorten(d.Name)}' is not a valid job name: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit (reverse-DNS style, such as com.example.backup).");
        }

        if (d.Kind == JobKind.Daemon && d.Scope == JobScope.User)
        {
            findings.Error("DaemonUserScope", "scope", "A daemon runs for the whole machine; use scope: system, or make it an agent to run it for one user.");
        }

        if (d.User is not null)
        {
            if (d.Scope != JobScope.User)
            {
                findings.Error("UserWithoutUserScope", "user", "Only jobs with scope: user belong to a user; remove user or set scope: user.");
            }
            else if (findings.Text("user", d.User, 256) && !AccountPattern.IsMatch(d.User))
            {
                findings.Error("UserInvalid", "user", $"'{Shorten(d.User)}' is not a valid user name.");
            }
        }
    }

    private static void CheckProgram(BackgroundJobDefinition d, TargetOperatingSystem? os, Findings findings)
    {
        if (d.Program is null && NativeCommand(d) is { } native)
        {
            findings.Error("ProgramNative", "program",
                $"The command is written in its native form ({Shorten(native)}): it uses what the portable program and arguments cannot say (variables, specifiers, prefixes, several commands), so it is kept as written.");
        }
        else if (d.Program is null)
        {
            findings.Error("ProgramRequired", "program", "Every job needs a program: the absolute path of the executable to run.");
        }
        else
        {
            findings.AbsolutePath("program", d.Program, os);
            if (d.Program.EndsWith("/", StringComparison.Ordinal) || d.Program.EndsWith("\\", StringComparison.Ordinal))
            {
                findings.Error("ProgramIsDirectory", "program", $"'{Shorten(d.Program)}' names a directory; name the executable file.");
            }
            else if (os == TargetOperatingSystem.Linux && d.Program.IndexOfAny(new[] { '"', '\'', '\\' }) >= 0)
            {
                findings.Error("ProgramUnrunnable", "program", $"'{Shorten(d.Program)}' contains a quote or a backslash; systemd does not run a program whose path has one.");
            }
        }

        for (var i = 0; i < d.Arguments.Count; i++)
        {
            findings.Text($"arguments[{i}]", d.Arguments[i], MaxStringLength);
        }

        var commandLineLength = (d.Program?.Length ?? 0) + d.Arguments.Sum(a => a.Length + 3);
        if (commandLineLength > MaxStringLength)
        {
            findings.Error("CommandLineTooLong", "arguments",
                $"The program and its arguments come to about {commandLineLength} characters; the limit is {MaxStringLength}. Pass large data through a file.");
        }
    }

    private static void CheckPaths(BackgroundJobDefinition d, TargetOperatingSystem? os, Findings findings)
    {
        findings.AbsolutePath("workingDirectory", d.WorkingDirectory, os);
        findings.AbsolutePath("standardOutputPath", d.StandardOutputPath, os);
        findings.AbsolutePath("standardErrorPath", d.StandardErrorPath, os);
        if (d.Confinement is { } confinement)
        {
            foreach (var (key, paths) in new[] { ("writable", confinement.WritablePaths), ("hidden", confinement.HiddenPaths) })
            {
                for (var i = 0; i < paths.Count; i++)
                {
                    var path = $"sandbox.filesystem.{key}[{i}]";
                    findings.AbsolutePath(path, paths[i], os);
                    if (paths[i].Any(char.IsWhiteSpace))
                    {
                        findings.Error("PathHasSpace", path, $"'{Shorten(paths[i])}' holds whitespace, which a sandbox path list cannot carry; choose a path without it.");
                    }
                }
            }

            foreach (var privilege in confinement.Privileges ?? ValueList<string>.Empty)
            {
                if (!CapabilityPattern.IsMatch(privilege))
                {
                    findings.Error("PrivilegeInvalid", "sandbox.privileges", $"'{Shorten(privilege)}' is not a capability name such as CAP_NET_BIND_SERVICE (capabilities(7)).");
                }
            }
        }
    }

    private static void CheckEnvironment(BackgroundJobDefinition d, Findings findings)
    {
        foreach (var entry in d.Environment)
        {
            var path = "environment." + entry.Key;
            if (!EnvironmentNamePattern.IsMatch(entry.Key) || entry.Key.Length > 255)
            {
                findings.Error("EnvironmentNameInvalid", path,
                    $"'{Shorten(entry.Key)}' is not a portable environment variable name: use letters, digits and '_', not starting with a digit, at most 255 characters.");
            }

            findings.Text(path, entry.Value, MaxStringLength);
        }

        foreach (var secret in d.SecretEnvironment.Where(name => !d.Environment.ContainsKey(name)).Distinct())
        {
            if (!EnvironmentNamePattern.IsMatch(secret) || secret.Length > 255)
            {
                findings.Error("EnvironmentNameInvalid", "environment." + secret,
                    $"'{Shorten(secret)}' is not a portable environment variable name: use letters, digits and '_', not starting with a digit, at most 255 characters.");
            }
        }
    }

    /// <summary>
    /// A daemon that systemd would run as root with no sandbox at all can do anything to the machine: a warning
    /// that names both ways out. Only where a sandbox exists (systemd), and only for jobs one authors.
    /// </summary>
    private static void CheckPrivilege(BackgroundJobDefinition d, JobPlatform platform, Findings findings)
    {
        if (platform == JobPlatform.Systemd && d.Origin == JobOrigin.Authored && d.Kind == JobKind.Daemon
            && d.RunAs?.User is null or "root" && d.Sandbox is null or SandboxProfile.None && d.Confinement is null or { IsEmpty: true })
        {
            findings.Add(new Finding(FindingSeverity.Warning, "RootWithoutSandbox", "sandbox",
                $"{d.Name} runs as root with no sandbox: give it sandbox: basic (or strict), or runAs a user of its own."));
        }
    }

    /// <summary>
    /// On Linux, an agent of every user (/etc/systemd/user) or a login item of every user (/etc/xdg/autostart)
    /// is read by each user's session, so every user could read a secret in it: refused, not written.
    /// </summary>
    private static void CheckSharedSecrets(BackgroundJobDefinition d, TargetOperatingSystem? os, Findings findings)
    {
        if (os == TargetOperatingSystem.Linux && d.SecretEnvironment.Count > 0 && d.Scope == JobScope.System && d.Kind is JobKind.Agent or JobKind.LoginItem)
        {
            findings.Error("SecretSharedWithEveryUser", "environment." + d.SecretEnvironment[0],
                $"An {(d.Kind == JobKind.Agent ? "agent" : "login item")} of every user cannot keep a secret: each user's session reads its files, so every user could read it. Give it to a user's own {(d.Kind == JobKind.Agent ? "agent" : "login item")} (scope: user), or to a daemon.");
        }
    }

    private static void CheckRunAs(BackgroundJobDefinition d, Findings findings)
    {
        if (d.RunAs is not { } runAs)
        {
            return;
        }

        if (d.Kind != JobKind.Daemon)
        {
            findings.Error("RunAsNotDaemon", "runAs", $"Only daemons choose the account they run as; {(d.Kind == JobKind.Agent ? "an agent" : "a login item")} runs as the user whose session it is in.");
        }

        if (runAs.User is null && runAs.Group is null && runAs.Account is null)
        {
            findings.Error("RunAsEmpty", "runAs", "runAs needs a user, a group or an account.");
        }

        foreach (var (key, value) in new[] { ("user", runAs.User), ("group", runAs.Group), ("account", runAs.Account) })
        {
            if (value is not null && findings.Text("runAs." + key, value, 256) && !AccountPattern.IsMatch(value))
            {
                findings.Error("AccountInvalid", "runAs." + key, $"'{Shorten(value)}' is not a valid {key} name.");
            }
        }
    }

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
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < d.Sockets.Count; i++)
        {
            var socket = d.Sockets[i];
            var path = $"sockets[{i}]";
            if (!NamePattern.IsMatch(socket.Name))
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

            if (!Regex.IsMatch(dependency, @"^[A-Za-z0-9][A-Za-z0-9._@:\\-]*$", RegexOptions.CultureInvariant))
            {
                findings.Error("DependencyInvalid", path, $"'{Shorten(dependency)}' is not a job, unit or service name.");
            }
            else if (string.Equals(dependency, d.Name, StringComparison.OrdinalIgnoreCase))
            {
                findings.Error("DependencyOnSelf", path, "A job cannot depend on itself.");
            }
        }
    }

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

    private static void CheckExtras(BackgroundJobDefinition d, Findings findings)
    {
        foreach (var (name, extras) in new[] { ("launchd", d.Launchd), ("systemd", d.Systemd), ("windows", d.Windows) })
        {
            foreach (var entry in extras)
            {
                CheckRaw(name + "." + entry.Key, entry.Key, entry.Value, findings);
            }
        }

        if (d.Kind == JobKind.Daemon && d.Launchd.TryGetValue("LimitLoadToSessionType", out var sessionTypes)
            && Scalars(sessionTypes).Any(t => GuiSessionTypes.Contains(t, StringComparer.Ordinal)))
        {
            findings.Error("DaemonGuiSession", "launchd.LimitLoadToSessionType",
                "A daemon runs outside any user session, so it cannot be limited to a GUI session (Aqua, LoginWindow); make the job an agent.");
        }
    }

    private static void CheckRaw(string path, string key, RawValue value, Findings findings)
    {
        findings.Text(path, key, 256, isKey: true);
        switch (value)
        {
            case RawScalar scalar:
                findings.Text(path, scalar.Text, MaxStringLength);
                if (scalar.Type == RawScalarType.Integer && !long.TryParse(scalar.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
                    && !ulong.TryParse(scalar.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    findings.Error("RawNumberInvalid", path, $"{Shorten(scalar.Text)} is not a 64-bit integer, which is what native settings hold; quote it to write text.");
                }
                else if (scalar.Type == RawScalarType.Real && (!double.TryParse(scalar.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var real) || double.IsNaN(real) || double.IsInfinity(real)))
                {
                    findings.Error("RawNumberInvalid", path, $"{Shorten(scalar.Text)} is not a finite number; property lists and unit files hold none other.");
                }

                break;
            case RawList list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    CheckRaw($"{path}[{i}]", string.Empty, list.Items[i], findings);
                }

                break;
            case RawMap map:
                foreach (var entry in map.Entries)
                {
                    CheckRaw(path + "." + entry.Key, entry.Key, entry.Value, findings);
                }

                break;
        }
    }

    private static IEnumerable<string> Scalars(RawValue value) => value switch
    {
        RawScalar scalar => new[] { scalar.Text },
        RawList list => list.Items.OfType<RawScalar>().Select(s => s.Text),
        _ => Enumerable.Empty<string>(),
    };

    private static void CheckPlatform(BackgroundJobDefinition d, JobPlatform platform, Findings findings)
    {
        foreach (var entry in SupportMatrix.UsedBy(d, platform))
        {
            var path = entry.Property.Split(':')[0];
            if (entry.Level == SupportLevel.Native || findings.HasErrorAt(path))
            {
                continue;
            }

            var (severity, code, verb) = entry.Level switch
            {
                SupportLevel.Emulated => (FindingSeverity.Warning, "PlatformEmulated", "only approximates"),
                SupportLevel.Ignored => (FindingSeverity.Warning, "PlatformIgnored", "ignores"),
                _ => (FindingSeverity.Error, "PlatformUnsupported", "cannot express"),
            };
            findings.Add(new Finding(severity, code, path, $"{Describe(platform)} {verb} {entry.Property}: {entry.Note}."));
        }
    }

    /// <summary>The configuration keys that become each unit-file setting, to name a finding by what the user wrote.</summary>
    private static readonly IReadOnlyDictionary<string, string> UnitKeyProperties = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Description"] = "description",
        ["ExecStart"] = "program",
        ["WorkingDirectory"] = "workingDirectory",
        ["Environment"] = "environment",
        ["User"] = "runAs.user",
        ["Group"] = "runAs.group",
        ["StandardOutput"] = "standardOutputPath",
        ["StandardError"] = "standardErrorPath",
        ["Wants"] = "dependencies",
        ["After"] = "dependencies",
    };

    private static readonly Regex UnitSectionPattern = new("^(service:)?([A-Z][A-Za-z]*|X-[A-Za-z0-9-]+|timer:[A-Z][A-Za-z]*|socket:[A-Z][A-Za-z]*)$", RegexOptions.CultureInvariant);
    private static readonly Regex UnitKeyPattern = new("^[A-Za-z][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant);

    /// <summary>What the native file would hold other than as written, and raw extras that would replace modelled settings.</summary>
    private static void CheckNativeForm(BackgroundJobDefinition d, JobPlatform platform, Findings findings)
    {
        if (platform == JobPlatform.Systemd)
        {
            foreach (var section in d.Systemd)
            {
                var path = "systemd." + section.Key;
                if (!UnitSectionPattern.IsMatch(section.Key))
                {
                    findings.Error("UnitSectionInvalid", path, $"'{Shorten(section.Key)}' is not a unit-file section systemd reads (Unit, Service, Install, Timer, Socket, X-…, timer:Unit, socket:Install, …).");
                }
                else if (section.Value is not RawMap settings)
                {
                    findings.Error("UnitSectionInvalid", path, "A section holds settings: write it as a mapping of keys to values.");
                }
                else
                {
                    foreach (var setting in settings.Entries)
                    {
                        if (!UnitKeyPattern.IsMatch(setting.Key))
                        {
                            findings.Error("UnitKeyInvalid", path + "." + setting.Key, $"'{Shorten(setting.Key)}' is not a unit-file key: letters, digits, '_' and '-', starting with a letter.");
                        }
                        else if (setting.Value is RawMap || (setting.Value is RawList list && list.Items.Any(i => i is not RawScalar)))
                        {
                            findings.Error("UnitValueInvalid", path + "." + setting.Key, "A unit-file setting takes a value or a list of values, not a mapping.");
                        }
                    }
                }
            }

            if (findings.List.Any(f => f.Severity == FindingSeverity.Error && f.Path.StartsWith("systemd", StringComparison.Ordinal)))
            {
                return;
            }

            foreach (var (section, key, value) in Platforms.Systemd.SystemdTranslator.Unwritable(d))
            {
                var path = UnitKeyProperties.TryGetValue(key, out var property) ? property : $"systemd.{section}.{key}";
                findings.Error("UnitValueUnwritable", path,
                    $"{key}={Shorten(value)} in [{section}] would not read back as written (a trailing backslash continues the line; surrounding spaces are dropped); change the value.");
            }

            if (d.Origin == JobOrigin.Authored)
            {
                foreach (var (section, key) in Platforms.Systemd.SystemdTranslator.Overriding(d))
                {
                    findings.Error("RawOverridesModelled", $"systemd.{section}.{key}",
                        $"{key}= is written from the job's own properties{(UnitKeyProperties.TryGetValue(key, out var property) ? " (" + property + ")" : string.Empty)}; set those instead: raw extras add settings, they do not replace them.");
                }
            }
        }
        else if (platform == JobPlatform.Launchd)
        {
            if (d.Schedule?.Every is { } every && every.Value.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                findings.Add(new Finding(FindingSeverity.Warning, "IntervalRounded", "schedule.every",
                    $"launchd's StartInterval counts whole seconds: {every} runs every {Math.Ceiling(every.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)}s."));
            }

            foreach (var key in d.Origin == JobOrigin.Authored ? Platforms.Launchd.LaunchdTranslator.Overriding(d) : Enumerable.Empty<string>())
            {
                findings.Error("RawOverridesModelled", "launchd." + key, $"{key} is written from the job's own properties; set those instead: raw extras add keys, they do not replace them.");
            }
        }
        else if (platform == JobPlatform.WindowsTask)
        {
            if (d.Schedule?.Every is { } every && (every.Value < TimeSpan.FromMinutes(1) || every.Value > TimeSpan.FromDays(31) || every.Value.Ticks % TimeSpan.TicksPerSecond != 0))
            {
                findings.Error("IntervalUnsupported", "schedule.every", $"Task Scheduler repeats every 1 minute to 31 days, in whole seconds; {every} is not.");
            }

            foreach (var (path, text) in new[] { ("program", d.Program) }.Concat(d.Arguments.Select((a, i) => ($"arguments[{i}]", (string?)a))))
            {
                if (text is not null && Regex.IsMatch(text, "%[A-Za-z_][A-Za-z0-9_()]*%", RegexOptions.CultureInvariant))
                {
                    findings.Add(new Finding(FindingSeverity.Warning, "TaskExpandsVariables", path,
                        $"Task Scheduler expands %VARIABLE% in a task's command and arguments: '{Shorten(text)}' runs with the variable's value, not as written."));
                }
            }
        }
    }

    internal static string Describe(JobPlatform platform) => platform switch
    {
        JobPlatform.Launchd => "launchd",
        JobPlatform.Systemd => "systemd",
        JobPlatform.XdgAutostart => "XDG autostart",
        JobPlatform.WindowsService => "A Windows service",
        JobPlatform.WindowsTask => "A Windows scheduled task",
        _ => "A Windows Run value",
    };

    private static string Shorten(string text) =>
        new string(text.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (text.Length > 64 ? "…" : string.Empty);

    private sealed class Findings
    {
        public List<Finding> List { get; } = new();

        public void Add(Finding finding) => List.Add(finding);

        public void Error(string code, string path, string message) => List.Add(new Finding(FindingSeverity.Error, code, path, message));

        public bool HasErrorAt(string path) =>
            List.Any(f => f.Severity == FindingSeverity.Error
                && (f.Path == path || f.Path.StartsWith(path + ".", StringComparison.Ordinal) || path.StartsWith(f.Path + ".", StringComparison.Ordinal)));

        /// <summary>Reports control characters and excess length; true when the text is clean.</summary>
        public bool Text(string path, string? text, int maxLength, bool isKey = false)
        {
            if (text is null)
            {
                return true;
            }

            var clean = true;
            if (text.Length > maxLength)
            {
                Error("TooLong", path, $"The {(isKey ? "key" : "value")} is {text.Length} characters long; at most {maxLength} are allowed here.");
                clean = false;
            }

            var control = text.FirstOrDefault(char.IsControl);
            if (control != default(char) || text.IndexOf('\0') >= 0)
            {
                Error("ControlCharacter", path,
                    $"The {(isKey ? "key" : "value")} contains the control character U+{(int)control:X4}; newlines, carriage returns, NUL and other control characters are not allowed in job settings.");
                clean = false;
            }

            if (HasLoneSurrogate(text))
            {
                Error("TextInvalid", path, $"The {(isKey ? "key" : "value")} contains half of a UTF-16 surrogate pair, which no file can hold; check how it was produced.");
                clean = false;
            }

            return clean;
        }

        private static bool HasLoneSurrogate(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }

            return false;
        }

        public void AbsolutePath(string path, string? value, TargetOperatingSystem? os)
        {
            if (value is null || !Text(path, value, MaxPathLength))
            {
                return;
            }

            var posix = value.StartsWith("/", StringComparison.Ordinal);
            var windows = Regex.IsMatch(value, @"^([A-Za-z]:[\\/]|\\\\[^\\/]+[\\/][^\\/]+)", RegexOptions.CultureInvariant);
            var absolute = os switch
            {
                TargetOperatingSystem.Windows => windows,
                null => posix || windows,
                _ => posix,
            };
            if (!absolute)
            {
                var example = os == TargetOperatingSystem.Windows ? @"C:\Program Files\App\app.exe" : "/usr/local/bin/app";
                Error("PathNotAbsolute", path, $"'{Shorten(value)}' is not an absolute path{(os is null ? string.Empty : " on " + os)}; write the full path, such as {example}.");
            }
            else if (value.Split('/', '\\').Any(segment => segment is "." or ".."))
            {
                Error("PathNotNormalized", path, $"'{Shorten(value)}' contains '.' or '..' segments; write the path it resolves to.");
            }
        }

        public void Positive(string path, Duration? duration)
        {
            if (duration is { } value && value.Value <= TimeSpan.Zero)
            {
                Error("DurationNotPositive", path, $"The duration must be greater than zero; it is {value}.");
            }
        }
    }
}
