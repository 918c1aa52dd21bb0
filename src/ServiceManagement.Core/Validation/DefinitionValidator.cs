using ServiceManagement.Model;
using ServiceManagement.Text;

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
public static partial class DefinitionValidator
{
    public const int MaxPathLength = 4096;
    public const int MaxDescriptionLength = 4096;

    /// <summary>The longest command line Windows accepts; no single string may exceed it anywhere.</summary>
    public const int MaxStringLength = 32767;

    /// <summary>
    /// A job's name: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit. Checked by hand, as
    /// the other names here: every command validates a name, and a regular expression would be built for it each time.
    /// </summary>
    private static bool IsJobName(string name) =>
        name.Length is >= 1 and <= 128 && Ascii.IsLetterOrDigit(name[0]) && name.All(c => Ascii.IsLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>A name some job manager accepts: no path separator, at most 255 characters (control characters are caught as text).</summary>
    private static bool IsManagerName(string name) => name.Length is >= 1 and <= 255 && name.IndexOfAny(PathSeparators) < 0;

    private static readonly char[] PathSeparators = { '/', '\\' };

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
    private static readonly Pattern CapabilityPattern = new("^CAP_[A-Z0-9_]{1,60}$");
    private static readonly Pattern EnvironmentNamePattern = new("^[A-Za-z_][A-Za-z0-9_]*$");
    private static readonly Pattern AccountPattern = new(@"^[^\x00-\x1f\x7f/:*?""<>|]{1,256}$");
    private static readonly string[] GuiSessionTypes = { "Aqua", "LoginWindow" };

    /// <summary>Validates one definition by the rules every platform shares.</summary>
    public static IReadOnlyList<Finding> Validate(BackgroundJobDefinition definition) => Validate(definition, null, NativeRules.None);

    /// <summary>
    /// Validates one definition. With <paramref name="os"/>, also reports every property the platform
    /// that would run the job cannot express (error) or only approximates or ignores (warning), and what
    /// that platform's own <paramref name="rules"/> find.
    /// </summary>
    public static IReadOnlyList<Finding> Validate(BackgroundJobDefinition definition, TargetOperatingSystem? os, INativeRules rules)
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
        CheckActivation(definition, findings);
        CheckWatch(definition, os, findings);
        CheckDependencies(definition, findings);
        CheckResourceLimits(definition, findings);
        CheckExtras(definition, findings);
        if (os is { } target)
        {
            IO.Meter.Tick("validate", definition.Name);
            var platform = PlatformTargets.For(target, definition);
            CheckPlatform(definition, platform, findings);
            CheckNativeForm(definition, platform, rules ?? throw new ArgumentNullException(nameof(rules)), findings);
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
    public static IReadOnlyList<Finding> ValidateAll(IReadOnlyList<BackgroundJobDefinition> definitions, TargetOperatingSystem? os, INativeRules rules, IReadOnlyList<string>? paths = null, IReadOnlyList<bool>? identityOnly = null) =>
        ValidateAll(definitions, os, rules, paths, identityOnly, out _);

    /// <summary>As the other overload, and each definition's own findings (unprefixed) in <paramref name="each"/>.</summary>
    internal static IReadOnlyList<Finding> ValidateAll(IReadOnlyList<BackgroundJobDefinition> definitions, TargetOperatingSystem? os, INativeRules rules, IReadOnlyList<string>? paths, IReadOnlyList<bool>? identityOnly, out IReadOnlyList<IReadOnlyList<Finding>> each)
    {
        if (definitions is null)
        {
            throw new ArgumentNullException(nameof(definitions));
        }

        var own = new List<IReadOnlyList<Finding>>();
        each = own;
        var findings = new List<Finding>();
        var firstIndexByIdentity = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < definitions.Count; i++)
        {
            var prefix = paths?[i] ?? $"jobs[{i}]";
            var definition = definitions[i];
            var found = identityOnly?[i] == true ? ValidateIdentity(definition) : Validate(definition, os, rules);
            own.Add(found);
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

    /// <summary>
    /// The gate every platform's stage passes, the same on every platform: <see cref="ValidateAll(IReadOnlyList{BackgroundJobDefinition}, TargetOperatingSystem?, INativeRules, IReadOnlyList{string}?, IReadOnlyList{bool}?)"/>
    /// for its operating system, and any error refuses the whole change before anything is read or written.
    /// Returns each write's own findings (warnings and notes; unprefixed), which the plan shows: nothing validates again.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Finding>> RequireValid(IReadOnlyList<BackgroundJobDefinition> writes, TargetOperatingSystem os, INativeRules rules)
    {
        var findings = ValidateAll(writes, os, rules, null, null, out var each);
        if (findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            throw new InvalidDefinitionException(findings);
        }

        return each;
    }

    internal static string Prefix(string prefix, string path) => path.Length == 0 ? prefix : prefix + "." + path;

    private static void CheckIdentity(BackgroundJobDefinition d, Findings findings)
    {
        if (string.IsNullOrEmpty(d.Name))
        {
            findings.Error("NameRequired", "name", "Every job needs a name, such as com.example.backup.");
        }
        else if (d.Origin == JobOrigin.Machine && !IsManagerName(d.Name))
        {
            findings.Error("NameUnusable", "name", $"'{Shorten(d.Name)}' cannot name a job on any system: it has a path separator or is longer than 255 characters.");
        }
        else if (!IsJobName(d.Name))
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

    internal static string Describe(JobPlatform platform) => platform switch
    {
        JobPlatform.Launchd => "launchd",
        JobPlatform.Systemd => "systemd",
        JobPlatform.XdgAutostart => "XDG autostart",
        JobPlatform.WindowsService => "A Windows service",
        JobPlatform.WindowsTask => "A Windows scheduled task",
        _ => "A Windows Run value",
    };

    /// <summary>A value quoted in a message: its first 64 characters, control characters shown as '?'.</summary>
    public static string Shorten(string text) =>
        new string(text.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (text.Length > 64 ? "…" : string.Empty);
}
