using ServiceManagement.Model;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Validation;

public class DefinitionValidatorTests
{
    private static readonly BackgroundJobDefinition Daemon = new("com.example.job", JobKind.Daemon, JobScope.System) { Program = "/usr/bin/job" };

    private static IReadOnlyList<Finding> Errors(BackgroundJobDefinition definition, TargetOperatingSystem? os = null) =>
        DefinitionValidator.Validate(definition, os, PlatformRules.All).Where(f => f.Severity == FindingSeverity.Error).ToList();

    private static void AssertOnlyError(BackgroundJobDefinition definition, string code, string path)
    {
        var errors = Errors(definition);
        Assert.True(errors.Count == 1, "Expected one error, got: " + string.Join(" | ", errors));
        Assert.Equal(code, errors[0].Code);
        Assert.Equal(path, errors[0].Path);
        Assert.False(string.IsNullOrWhiteSpace(errors[0].Message));
    }

    [Fact]
    public void A_complete_portable_definition_is_valid()
    {
        var definition = Daemon with
        {
            Arguments = ValueList.Of("--full", ""),
            WorkingDirectory = "/srv",
            Environment = ValueMap<string>.From(new[] { ("TZ", "UTC"), ("_PRIVATE", "x") }),
            RunAs = new RunAs { User = "backup", Group = "backup" },
            Description = "Nightly backup — ünïcode is fine",
            StartupType = StartupType.Automatic,
            Restart = new RestartPolicy(RestartCondition.OnFailure) { Delay = Duration.Parse("10s"), Throttle = new RestartThrottle(5, Duration.Parse("1m")) },
            Schedule = Schedule.OnCron("0 2 * * *"),
            StandardOutputPath = "/var/log/job.log",
            Sockets = ValueList.Of(new SocketSpec("web", SocketProtocol.Tcp) { Address = "::1", Port = 8080 }, new SocketSpec("ctl", SocketProtocol.Unix) { Path = "/run/job.sock" }),
            Dependencies = ValueList.Of("network-online.target"),
            ResourceLimits = new ResourceLimits { OpenFiles = 1024, Nice = -5, MemoryBytes = 1 << 20, CpuPercent = 50 },
            Sandbox = SandboxProfile.Strict,
        };
        Assert.Empty(DefinitionValidator.Validate(definition));
    }

    [Theory]
    [InlineData("org.example.Echo", null)]
    [InlineData("com.example.echo-1._x", null)]
    [InlineData("Echo", "ActivationNameInvalid")]
    [InlineData("org..Echo", "ActivationNameInvalid")]
    [InlineData("org.1example.Echo", "ActivationNameInvalid")]
    [InlineData(":1.42", "ActivationNameInvalid")]
    [InlineData("org.example.Echo/x", "ActivationNameInvalid")]
    public void An_activation_name_is_a_name_a_bus_can_own(string name, string? code)
    {
        var errors = Errors(Daemon with { Activation = new Activation(name) }, TargetOperatingSystem.Linux);
        if (code is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal("activation.name", Assert.Single(errors).Path);
            Assert.Equal(code, errors[0].Code);
        }
    }

    [Fact]
    public void Activation_is_refused_for_login_items_and_where_the_job_manager_has_none()
    {
        AssertOnlyError(new BackgroundJobDefinition("com.example.item", JobKind.LoginItem, JobScope.User) { Program = "/usr/bin/item", Activation = new Activation("org.example.Item") }, "LoginItemActivation", "activation");
        Assert.Empty(Errors(Daemon with { Activation = new Activation("org.example.Echo") }, TargetOperatingSystem.MacOS));
        Assert.Empty(Errors(Daemon with { Program = @"C:\app\job.exe", Activation = new Activation("org.example.Echo") }, TargetOperatingSystem.Windows));
        var task = Errors(new BackgroundJobDefinition("com.example.agent", JobKind.Agent, JobScope.User) { Program = @"C:\app\job.exe", Activation = new Activation("org.example.Echo") }, TargetOperatingSystem.Windows);
        Assert.Contains(task, f => f.Path == "activation" && f.Message.Contains("Task Scheduler", StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_that_accepts_connections_listens_on_one_stream_socket()
    {
        var echo = new SocketSpec("echo", SocketProtocol.Tcp) { Port = 7007, Accept = true };
        Assert.Empty(Errors(Daemon with { Sockets = ValueList.Of(echo) }, TargetOperatingSystem.Linux));
        Assert.Empty(Errors(Daemon with { Sockets = ValueList.Of(echo with { Protocol = SocketProtocol.Unix, Port = null, Path = "/run/echo.sock" }) }, TargetOperatingSystem.MacOS));
        AssertOnlyError(Daemon with { Sockets = ValueList.Of(echo, new SocketSpec("other", SocketProtocol.Tcp) { Port = 7008 }) }, "SocketAcceptAlone", "sockets[0].accept");
        AssertOnlyError(Daemon with { Sockets = ValueList.Of(echo with { Protocol = SocketProtocol.Udp }) }, "SocketAcceptDatagram", "sockets[0].accept");
    }

    [Fact]
    public void A_watch_needs_absolute_distinct_paths_and_a_job_manager_that_watches()
    {
        Assert.Empty(Errors(Daemon with { Watch = new PathWatch { Paths = ValueList.Of("/etc/app.conf"), QueueDirectories = ValueList.Of("/var/spool/app") } }, TargetOperatingSystem.Linux));
        Assert.Empty(Errors(Daemon with { Watch = new PathWatch { Paths = ValueList.Of("/etc/app.conf") } }, TargetOperatingSystem.MacOS));
        AssertOnlyError(Daemon with { Watch = new PathWatch() }, "WatchEmpty", "watch");
        AssertOnlyError(Daemon with { Watch = new PathWatch { Paths = ValueList.Of("etc/app.conf") } }, "PathNotAbsolute", "watch.paths[0]");
        AssertOnlyError(Daemon with { Watch = new PathWatch { QueueDirectories = ValueList.Of("/var/q", "/var/q") } }, "WatchPathDuplicate", "watch.queueDirectories[1]");
        AssertOnlyError(new BackgroundJobDefinition("com.example.item", JobKind.LoginItem, JobScope.User) { Program = "/usr/bin/item", Watch = new PathWatch { Paths = ValueList.Of("/etc/a") } }, "LoginItemWatch", "watch");

        var windows = Errors(Daemon with { Program = @"C:\app\job.exe", Watch = new PathWatch { Paths = ValueList.Of(@"C:\app\in") } }, TargetOperatingSystem.Windows);
        Assert.Contains(windows, f => f.Path == "watch.paths" && f.Message.Contains("no file trigger", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../etc/x")]
    [InlineData(".hidden")]
    [InlineData("-flag")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("back\\slash")]
    [InlineData("dollar$")]
    [InlineData("ünïcode")]
    public void Rejects_names_outside_the_rule(string name)
    {
        var finding = Assert.Single(Errors(Daemon with { Name = name }));
        Assert.Equal("name", finding.Path);
        Assert.Contains(finding.Code, new[] { "NameInvalid", "NameRequired" });
    }

    [Theory]
    [InlineData("a")]
    [InlineData("com.example.backup")]
    [InlineData("My_Service-2")]
    public void Accepts_names_inside_the_rule(string name)
    {
        Assert.Empty(Errors(Daemon with { Name = name }));
    }

    [Fact]
    public void Rejects_a_name_longer_than_128_characters()
    {
        Assert.Empty(Errors(Daemon with { Name = new string('a', 128) }));
        AssertOnlyError(Daemon with { Name = new string('a', 129) }, "NameInvalid", "name");
    }

    [Fact]
    public void Requires_a_program()
    {
        AssertOnlyError(Daemon with { Program = null }, "ProgramRequired", "program");
    }

    [Theory]
    [InlineData("job")]
    [InlineData("./job")]
    [InlineData("bin/job")]
    [InlineData("~/job")]
    [InlineData("C:job.exe")]
    public void Rejects_relative_program_paths(string program)
    {
        AssertOnlyError(Daemon with { Program = program }, "PathNotAbsolute", "program");
    }

    [Theory]
    [InlineData("/usr/bin/job", TargetOperatingSystem.Windows)]
    [InlineData(@"C:\job.exe", TargetOperatingSystem.Linux)]
    [InlineData(@"C:\job.exe", TargetOperatingSystem.MacOS)]
    public void Judges_absolute_paths_by_the_target_system(string program, TargetOperatingSystem os)
    {
        Assert.Contains(Errors(Daemon with { Program = program }, os), f => f.Code == "PathNotAbsolute");
        Assert.Empty(Errors(Daemon with { Program = program }));
    }

    [Theory]
    [InlineData(@"C:\Program Files\App\app.exe")]
    [InlineData("D:/tools/app.exe")]
    [InlineData(@"\\server\share\app.exe")]
    public void Accepts_windows_absolute_paths_on_windows(string program)
    {
        Assert.DoesNotContain(Errors(Daemon with { Program = program }, TargetOperatingSystem.Windows), f => f.Path == "program");
    }

    [Theory]
    [InlineData(@"\\server")]
    [InlineData(@"\\server\")]
    [InlineData(@"\\\share\app.exe")]
    [InlineData(@"\server\share\app.exe")]
    [InlineData(@"1:\app.exe")]
    [InlineData(@"C:app.exe")]
    public void Rejects_windows_paths_with_no_drive_root_or_no_server_and_share(string program)
    {
        Assert.Contains(Errors(Daemon with { Program = program }, TargetOperatingSystem.Windows), f => f.Code == "PathNotAbsolute" && f.Path == "program");
    }

    [Fact]
    public void A_job_name_is_valid_exactly_when_the_documented_pattern_matches_it()
    {
        // The documented rule as an independent oracle (\z: no final newline slips through as with $).
        var rule = new System.Text.RegularExpressions.Regex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z");
        var names = new[]
        {
            "a", "0", "com.example.backup", "a_b-c.d", new string('n', 128), new string('n', 129), "-x", "_x", ".x",
            "a b", "ä", "a/b", "a\\b", "a:b", "a@b", "abc\n", "x" + new string('.', 127), "Z9",
        };
        foreach (var name in names)
        {
            var invalid = Errors(Daemon with { Name = name }).Any(f => f.Code == "NameInvalid");
            Assert.True(invalid != rule.IsMatch(name), $"'{name}': NameInvalid {invalid}");
        }
    }

    [Theory]
    [InlineData("network-online.target", true)]
    [InlineData("getty@tty1.service", true)]
    [InlineData(@"NT\Service_1:x", true)]
    [InlineData("-leading-dash", false)]
    [InlineData(".hidden", false)]
    [InlineData("two words", false)]
    [InlineData("ünicode", false)]
    public void A_dependency_is_a_name_of_letters_digits_and_few_marks(string dependency, bool valid)
    {
        var codes = Errors(Daemon with { Dependencies = ValueList.Of(dependency) }).Select(f => f.Code);
        Assert.Equal(!valid, codes.Contains("DependencyInvalid"));
    }

    [Fact]
    public void Rejects_dot_segments_in_paths()
    {
        AssertOnlyError(Daemon with { WorkingDirectory = "/srv/../etc" }, "PathNotNormalized", "workingDirectory");
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\0")]
    [InlineData("\t")]
    [InlineData("\u001b[31m")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    public void Rejects_control_characters_in_every_string(string control)
    {
        var bad = "x" + control + "y";
        AssertOnlyError(Daemon with { Description = bad }, "ControlCharacter", "description");
        AssertOnlyError(Daemon with { Arguments = ValueList.Of("ok", bad) }, "ControlCharacter", "arguments[1]");
        AssertOnlyError(Daemon with { Environment = ValueMap<string>.From(new[] { ("A", bad) }) }, "ControlCharacter", "environment.A");
        AssertOnlyError(Daemon with { Program = "/usr/bin/" + bad }, "ControlCharacter", "program");
        AssertOnlyError(Daemon with { Dependencies = ValueList.Of(bad) }, "ControlCharacter", "dependencies[0]");
        AssertOnlyError(Daemon with { RunAs = new RunAs { User = bad } }, "ControlCharacter", "runAs.user");
        AssertOnlyError(Daemon with { Systemd = ValueMap<RawValue>.From(new[] { ("Service", (RawValue)new RawMap(ValueMap<RawValue>.From(new[] { ("ExecStartPre", (RawValue)new RawScalar(bad)) }))) }) }, "ControlCharacter", "systemd.Service.ExecStartPre");
    }

    [Fact]
    public void Rejects_half_a_surrogate_pair_but_accepts_whole_ones()
    {
        Assert.Empty(Errors(Daemon with { Description = "emoji 😀 is fine" }));
        AssertOnlyError(Daemon with { Description = "broken \ud83d text" }, "TextInvalid", "description");
        AssertOnlyError(Daemon with { Description = "\ude00" }, "TextInvalid", "description");
    }

    [Theory]
    [InlineData("1FOO")]
    [InlineData("FOO-BAR")]
    [InlineData("FOO BAR")]
    [InlineData("FOO=BAR")]
    [InlineData("")]
    [InlineData("ÄÖ")]
    public void Rejects_environment_names_that_are_not_portable(string name)
    {
        AssertOnlyError(Daemon with { Environment = ValueMap<string>.From(new[] { (name, "v") }) }, "EnvironmentNameInvalid", "environment." + name);
    }

    [Fact]
    public void A_secret_without_a_value_is_kept_from_the_machine_and_needs_a_valid_name()
    {
        var environment = ValueMap<string>.From(new[] { ("TOKEN", "x") });
        Assert.Empty(Errors(Daemon with { Environment = environment, SecretEnvironment = ValueList.Of("TOKEN") }));
        Assert.Empty(Errors(Daemon with { SecretEnvironment = ValueList.Of("KEPT") }));
        AssertOnlyError(Daemon with { SecretEnvironment = ValueList.Of("NOT-A-NAME") }, "EnvironmentNameInvalid", "environment.NOT-A-NAME");
    }

    [Fact]
    public void A_daemon_that_systemd_would_run_as_root_without_a_sandbox_is_a_warning()
    {
        var warning = Assert.Single(DefinitionValidator.Validate(Daemon, TargetOperatingSystem.Linux, PlatformRules.All));
        Assert.Equal((FindingSeverity.Warning, "RootWithoutSandbox", "sandbox"), (warning.Severity, warning.Code, warning.Path));
        Assert.Empty(DefinitionValidator.Validate(Daemon with { Sandbox = SandboxProfile.Basic }, TargetOperatingSystem.Linux, PlatformRules.All));
        Assert.Empty(DefinitionValidator.Validate(Daemon with { RunAs = new RunAs { User = "www" } }, TargetOperatingSystem.Linux, PlatformRules.All));
        Assert.Empty(DefinitionValidator.Validate(Daemon with { Origin = JobOrigin.Machine }, TargetOperatingSystem.Linux, PlatformRules.All));
        Assert.DoesNotContain(DefinitionValidator.Validate(Daemon, TargetOperatingSystem.MacOS, PlatformRules.All), f => f.Code == "RootWithoutSandbox");
    }

    [Theory]
    [InlineData(JobKind.Agent)]
    [InlineData(JobKind.LoginItem)]
    public void On_Linux_a_job_of_every_user_cannot_hold_a_secret_that_every_user_would_read(JobKind kind)
    {
        var shared = Daemon with { Kind = kind, Environment = ValueMap<string>.From(new[] { ("TOKEN", "x") }), SecretEnvironment = ValueList.Of("TOKEN") };
        Assert.Contains(Errors(shared, TargetOperatingSystem.Linux), f => f.Code == "SecretSharedWithEveryUser");
        Assert.DoesNotContain(Errors(shared with { Scope = JobScope.User }, TargetOperatingSystem.Linux), f => f.Code == "SecretSharedWithEveryUser");
    }

    [Theory]
    [InlineData(TargetOperatingSystem.MacOS, "launchctl print")]
    [InlineData(TargetOperatingSystem.Windows, "every authenticated user")]
    public void Where_the_native_place_is_readable_by_others_a_secret_is_a_warning_that_says_so(TargetOperatingSystem os, string reason)
    {
        var secret = Daemon with { Environment = ValueMap<string>.From(new[] { ("TOKEN", "x") }), SecretEnvironment = ValueList.Of("TOKEN") };
        var warning = Assert.Single(DefinitionValidator.Validate(secret, os, PlatformRules.All), f => f.Path == "environment.secret");
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DefinitionValidator.Validate(secret, TargetOperatingSystem.Linux, PlatformRules.All), f => f.Path == "environment.secret");
    }

    [Theory]
    [InlineData("restart.delay")]
    [InlineData("restart.throttle.interval")]
    [InlineData("schedule.every")]
    public void Rejects_durations_that_are_not_positive(string path)
    {
        var zero = new Duration(TimeSpan.Zero);
        var definition = path switch
        {
            "restart.delay" => Daemon with { Restart = new RestartPolicy(RestartCondition.Always) { Delay = zero } },
            "restart.throttle.interval" => Daemon with { Restart = new RestartPolicy(RestartCondition.Always) { Throttle = new RestartThrottle(1, zero) } },
            _ => Daemon with { Schedule = Schedule.EveryInterval(zero) },
        };
        AssertOnlyError(definition, "DurationNotPositive", path);
    }

    [Fact]
    public void Reports_every_bad_cron_field()
    {
        var errors = Errors(Daemon with { Schedule = Schedule.OnCron("61 24 * * *") });
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("schedule.cron", e.Path));
    }

    [Fact]
    public void Requires_exactly_one_schedule_form()
    {
        AssertOnlyError(Daemon with { Schedule = new Schedule() }, "ScheduleAmbiguous", "schedule");
        AssertOnlyError(Daemon with { Schedule = new Schedule { Every = Duration.Parse("1m"), Cron = new CronExpression("* * * * *") } }, "ScheduleAmbiguous", "schedule");
    }

    [Fact]
    public void Rejects_a_login_item_that_restarts_or_runs_on_a_schedule()
    {
        var item = new BackgroundJobDefinition("com.example.item", JobKind.LoginItem, JobScope.User) { Program = "/usr/bin/item" };
        AssertOnlyError(item with { Restart = new RestartPolicy(RestartCondition.OnFailure) }, "LoginItemRestart", "restart");
        AssertOnlyError(item with { Schedule = Schedule.EveryInterval(Duration.Parse("1h")) }, "LoginItemSchedule", "schedule");
        Assert.Empty(Errors(item with { Restart = new RestartPolicy(RestartCondition.Never) }));
    }

    [Fact]
    public void Rejects_a_daemon_limited_to_a_gui_session()
    {
        var aqua = ValueMap<RawValue>.From(new[] { ("LimitLoadToSessionType", (RawValue)new RawList(ValueList.Of<RawValue>(new RawScalar("Background"), new RawScalar("Aqua")))) });
        AssertOnlyError(Daemon with { Launchd = aqua }, "DaemonGuiSession", "launchd.LimitLoadToSessionType");
        Assert.Empty(Errors(new BackgroundJobDefinition("com.example.agent", JobKind.Agent, JobScope.User) { Program = "/bin/a", Launchd = aqua }));
    }

    [Fact]
    public void Rejects_identity_mismatches()
    {
        AssertOnlyError(Daemon with { Scope = JobScope.User }, "DaemonUserScope", "scope");
        AssertOnlyError(Daemon with { User = "alice" }, "UserWithoutUserScope", "user");
        AssertOnlyError(new BackgroundJobDefinition("a", JobKind.Agent, JobScope.User) { Program = "/bin/a", User = "../root" }, "UserInvalid", "user");
        AssertOnlyError(new BackgroundJobDefinition("a", JobKind.Agent, JobScope.User) { Program = "/bin/a", RunAs = new RunAs { User = "root" } }, "RunAsNotDaemon", "runAs");
        AssertOnlyError(Daemon with { RunAs = new RunAs() }, "RunAsEmpty", "runAs");
    }

    [Fact]
    public void Checks_sockets()
    {
        AssertOnlyError(Daemon with { Sockets = ValueList.Of(new SocketSpec("web", SocketProtocol.Tcp)) }, "SocketPortInvalid", "sockets[0].port");
        AssertOnlyError(Daemon with { Sockets = ValueList.Of(new SocketSpec("web", SocketProtocol.Udp) { Port = 53, Address = "localhost" }) }, "SocketAddressInvalid", "sockets[0].address");
        AssertOnlyError(Daemon with { Sockets = ValueList.Of(new SocketSpec("s", SocketProtocol.Unix)) }, "SocketPathRequired", "sockets[0].path");
        AssertOnlyError(Daemon with { Sockets = ValueList.Of(new SocketSpec("s", SocketProtocol.Unix) { Path = "/run/s", Port = 1 }) }, "SocketUnixAddress", "sockets[0]");
        AssertOnlyError(Daemon with { Sockets = ValueList.Of(new SocketSpec("s", SocketProtocol.Tcp) { Port = 1 }, new SocketSpec("s", SocketProtocol.Tcp) { Port = 2 }) }, "SocketNameDuplicate", "sockets[1].name");
    }

    [Fact]
    public void Checks_resource_limits_and_dependencies()
    {
        AssertOnlyError(Daemon with { ResourceLimits = new ResourceLimits { Nice = 20 } }, "NiceOutOfRange", "resourceLimits.nice");
        AssertOnlyError(Daemon with { ResourceLimits = new ResourceLimits { OpenFiles = 0 } }, "ResourceLimitInvalid", "resourceLimits.openFiles");
        AssertOnlyError(Daemon with { Dependencies = ValueList.Of("com.example.job") }, "DependencyOnSelf", "dependencies[0]");
        AssertOnlyError(Daemon with { Dependencies = ValueList.Of("a/b") }, "DependencyInvalid", "dependencies[0]");
    }

    [Fact]
    public void Rejects_strings_too_long_for_any_platform()
    {
        AssertOnlyError(Daemon with { Description = new string('d', 4097) }, "TooLong", "description");
        AssertOnlyError(Daemon with { Program = "/" + new string('p', 4096) }, "TooLong", "program");
        Assert.Contains(Errors(Daemon with { Arguments = ValueList.Of(new string('a', 20000), new string('b', 20000)) }), f => f.Code == "CommandLineTooLong");
    }

    [Fact]
    public void Returns_every_finding_at_once()
    {
        var definition = new BackgroundJobDefinition("bad name", JobKind.LoginItem, JobScope.User)
        {
            Program = "relative",
            Schedule = Schedule.OnCron("99 * * * *"),
            Environment = ValueMap<string>.From(new[] { ("1X", "v") }),
        };
        var codes = Errors(definition).Select(f => f.Code).OrderBy(c => c, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "CronInvalid", "EnvironmentNameInvalid", "LoginItemSchedule", "NameInvalid", "PathNotAbsolute" }, codes);
    }

    [Fact]
    public void Finds_the_same_job_declared_twice_ignoring_the_names_case()
    {
        var findings = DefinitionValidator.ValidateAll(new[] { Daemon, Daemon with { Name = "COM.EXAMPLE.JOB", Program = "/bin/b" }, Daemon with { Name = "other" } }, null, NativeRules.None);
        var duplicate = Assert.Single(findings);
        Assert.Equal("DuplicateJob", duplicate.Code);
        Assert.Equal("jobs[1].name", duplicate.Path);
        Assert.Contains("jobs[0]", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_used_by_jobs_of_other_kinds_scopes_or_users_is_no_duplicate()
    {
        var agent = new BackgroundJobDefinition(Daemon.Name, JobKind.Agent, JobScope.User) { Program = "/bin/a" };
        var jobs = new[] { Daemon, agent, agent with { Scope = JobScope.System }, agent with { User = "alice" }, agent with { User = "bob" } };
        Assert.Empty(DefinitionValidator.ValidateAll(jobs, null, NativeRules.None));
        Assert.Equal("DuplicateJob", Assert.Single(DefinitionValidator.ValidateAll(jobs.Append(agent with { User = "alice", Program = "/bin/b" }).ToList(), null, NativeRules.None)).Code);
    }

    [Fact]
    public void A_job_as_a_machine_has_it_is_held_to_its_managers_rules_and_warned_about_the_rest()
    {
        var template = new BackgroundJobDefinition("getty@", JobKind.Daemon, JobScope.System)
        {
            Restart = new RestartPolicy(RestartCondition.Always) { Delay = new Duration(TimeSpan.Zero) },
            Systemd = ValueMap<RawValue>.From(new[] { ("Service", (RawValue)new RawMap(ValueMap<RawValue>.From(new[] { ("ExecStart", (RawValue)new RawScalar("-/sbin/agetty -o '-p -- \\u' --noclear - $TERM")) }))) }),
        };
        var authored = DefinitionValidator.Validate(template, TargetOperatingSystem.Linux, PlatformRules.All);
        Assert.Equal(new[] { "DurationNotPositive", "NameInvalid", "ProgramNative" }, authored.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code).OrderBy(c => c, StringComparer.Ordinal));

        var existing = DefinitionValidator.Validate(template with { Origin = JobOrigin.Machine }, TargetOperatingSystem.Linux, PlatformRules.All);
        Assert.DoesNotContain(existing, f => f.Severity == FindingSeverity.Error);
        Assert.All(existing.Where(f => DefinitionValidator.AuthoringRules.Contains(f.Code)), f => Assert.StartsWith("Not portable", f.Message, StringComparison.Ordinal));
        Assert.Equal(3, existing.Count(f => DefinitionValidator.AuthoringRules.Contains(f.Code)));

        // What no job manager accepts stays an error whatever the origin.
        var unusable = DefinitionValidator.Validate(template with { Origin = JobOrigin.Machine, Name = "a/b", Description = "line\nbreak" });
        Assert.Equal(new[] { "ControlCharacter", "NameUnusable" }, unusable.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code).OrderBy(c => c, StringComparer.Ordinal));
    }

    [Fact]
    public void Prefixes_paths_with_the_job_index()
    {
        var findings = DefinitionValidator.ValidateAll(new[] { Daemon, Daemon with { Name = "two", Program = "x" } }, null, NativeRules.None);
        Assert.Equal("jobs[1].program", Assert.Single(findings).Path);
    }
}
