using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Launchd;

/// <summary>launchctl argv per domain, through a recording runner that answers as launchctl documents.</summary>
public sealed class MacPlatformTests : IDisposable
{
    private const string PrintRunning = "com.example.web = {\n\tactive count = 1\n\tpath = /Library/LaunchDaemons/com.example.web.plist\n\tstate = running\n\n\tprogram = /usr/local/bin/web\n\targuments = {\n\t\t/usr/local/bin/web\n\t}\n\n\truns = 3\n\tpid = 4242\n\tlast exit code = 0\n}\n";
    private const string PrintFailed = "com.example.web = {\n\tstate = not running\n\truns = 1\n\tlast exit code = 78: EX_CONFIG\n}\n";

    private readonly FakeRoot _root = new();
    private bool _gui = true;
    private readonly Dictionary<string, CommandResult> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    public MacPlatformTests()
    {
        Directory.CreateDirectory(_root.Of("/Library/LaunchDaemons"));
        Directory.CreateDirectory(_root.Of("/Users/alice/Library/LaunchAgents"));
    }

    public void Dispose() => _root.Dispose();

    private (MacPlatform Platform, FakeCommandRunner Runner) Platform(string user = "root")
    {
        var runner = new FakeCommandRunner(command =>
        {
            var line = string.Join(" ", new[] { command.Program }.Concat(command.Arguments));
            if (_answers.TryGetValue(line, out var answer))
            {
                return answer;
            }

            if (command.Program == "stat")
            {
                return new CommandResult(0, string.Concat(command.Arguments.Where(_owners.ContainsKey).Select(p => $"{_owners[p]} {p}\n")), string.Empty);
            }

            return line switch
            {
                "id -u alice" => new CommandResult(0, "501\n", string.Empty),
                "id -g alice" => new CommandResult(0, "20\n", string.Empty),
                "launchctl print gui/501" => _gui ? new CommandResult(0, "gui/501 = {\n}\n", string.Empty) : new CommandResult(113, string.Empty, "Could not find domain for port"),
                _ when line.StartsWith("launchctl print ", StringComparison.Ordinal) => new CommandResult(113, string.Empty, "Could not find service in domain for port"),
                _ when line.StartsWith("launchctl bootout ", StringComparison.Ordinal) => new CommandResult(3, string.Empty, "Boot-out failed: 3: No such process"),
                _ => null,
            };
        });
        return (new MacPlatform(new MacLayout(_root.Path, user, runner), runner), runner);
    }

    private static BackgroundJobDefinition Daemon => new("com.example.web", JobKind.Daemon, JobScope.System) { Program = "/usr/local/bin/web" };

    private static BackgroundJobDefinition Agent => new("com.example.agent", JobKind.Agent, JobScope.User) { User = "alice", Program = "/usr/local/bin/agent" };

    private IEnumerable<string> Launchctl(FakeCommandRunner runner) => runner.Lines.Where(l => l.StartsWith("launchctl", StringComparison.Ordinal) && !l.StartsWith("launchctl print gui/", StringComparison.Ordinal));

    [Fact]
    public void Creating_a_daemon_writes_its_plist_and_bootstraps_it_in_the_system_domain()
    {
        var (platform, runner) = Platform();
        var result = platform.Write(new[] { Daemon }, new WriteOptions { Start = true });
        var plist = _root.Of("/Library/LaunchDaemons/com.example.web.plist");
        Assert.Equal(new[] { plist }, result.ChangedFiles);
        Assert.Equal("644", FakeRoot.Stat(plist).Mode);
        Assert.Equal(new[] { "launchctl enable system/com.example.web", $"launchctl bootstrap system {plist}", "launchctl kickstart system/com.example.web" }, Launchctl(runner));
    }

    [Fact]
    public void A_plist_we_did_not_write_is_changed_in_place_with_force_keeping_its_keys_and_without_our_marker()
    {
        var plist = _root.Write("/Library/LaunchDaemons/com.vendor.tool.plist",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict><key>Label</key><string>com.vendor.tool</string><key>Program</key><string>/opt/vendor/tool</string><key>ProcessType</key><string>Background</string><key>RunAtLoad</key><true/></dict></plist>\n");
        var (platform, _) = Platform();
        var vendor = Assert.Single(platform.GetJobs(new JobQuery { Names = new[] { "com.vendor.tool" } })).Definition;
        var changed = vendor with { Description = "changed by admin" };
        Assert.Throws<ServiceManagement.Errors.JobNotManagedException>(() => platform.Write(new[] { changed }, new WriteOptions()));

        var result = platform.Write(new[] { changed }, new WriteOptions { Force = true });
        Assert.Equal(new[] { plist }, result.ChangedFiles);
        var keys = ((RawMap)PropertyList.Read(File.ReadAllBytes(plist))).Entries;
        Assert.False(keys.ContainsKey(LaunchdTranslator.MarkerKey));
        Assert.Equal(new RawScalar("Background"), keys["ProcessType"]);
        Assert.Equal(new RawScalar("/opt/vendor/tool"), keys["Program"]);
        Assert.False(keys.ContainsKey("ProgramArguments"));
        Assert.Equal(new RawScalar("changed by admin"), keys["ServiceDescription"]);
        Assert.False(Assert.Single(platform.GetJobs(new JobQuery { Names = new[] { "com.vendor.tool" } })).Definition.Managed);
    }

    [Fact]
    public void Changing_a_loaded_job_boots_it_out_and_in_again()
    {
        var (platform, runner) = Platform();
        platform.Write(new[] { Daemon }, new WriteOptions());
        runner.Commands.Clear();
        platform.Write(new[] { Daemon with { Arguments = ValueList.Of("--verbose") } }, new WriteOptions());
        var plist = _root.Of("/Library/LaunchDaemons/com.example.web.plist");
        Assert.Equal(new[] { "launchctl bootout system/com.example.web", "launchctl enable system/com.example.web", $"launchctl bootstrap system {plist}" }, Launchctl(runner));
        runner.Commands.Clear();
        platform.Write(new[] { Daemon with { Arguments = ValueList.Of("--verbose") } }, new WriteOptions());
        Assert.Empty(Launchctl(runner));
    }

    [Fact]
    public void A_users_agent_goes_to_their_gui_domain_owned_by_them()
    {
        var (platform, runner) = Platform();
        platform.Write(new[] { Agent }, new WriteOptions { Start = true });
        var plist = _root.Of("/Users/alice/Library/LaunchAgents/com.example.agent.plist");
        Assert.Equal(new[] { "launchctl enable gui/501/com.example.agent", $"launchctl bootstrap gui/501 {plist}", "launchctl kickstart gui/501/com.example.agent" }, Launchctl(runner));
        if (ServiceManagement.IO.Posix.EffectiveUserId == 0)
        {
            Assert.Equal((501, 20), (FakeRoot.Stat(plist).Uid, FakeRoot.Stat(plist).Gid));
        }
    }

    [Fact]
    public void A_job_started_on_demand_is_loaded_and_armed_not_run()
    {
        var (platform, runner) = Platform();
        platform.Write(new[] { Agent with { Activation = new Activation("org.example.Agent") }, Daemon with { Watch = new PathWatch { Paths = ValueList.Of("/etc/web.conf") } } }, new WriteOptions { Start = true });
        var (agent, daemon) = (_root.Of("/Users/alice/Library/LaunchAgents/com.example.agent.plist"), _root.Of("/Library/LaunchDaemons/com.example.web.plist"));
        Assert.Equal(new[] { "launchctl enable gui/501/com.example.agent", $"launchctl bootstrap gui/501 {agent}", "launchctl enable system/com.example.web", $"launchctl bootstrap system {daemon}" }, Launchctl(runner));
    }

    [Fact]
    public void A_headless_user_gets_the_user_domain_and_is_told_it_starts_at_login()
    {
        _gui = false;
        var (platform, runner) = Platform();
        var result = platform.Write(new[] { Agent }, new WriteOptions());
        Assert.Contains($"launchctl bootstrap user/501 {_root.Of("/Users/alice/Library/LaunchAgents/com.example.agent.plist")}", Launchctl(runner));
        Assert.Contains(result.Notes, n => n.Contains("has no GUI session", StringComparison.Ordinal) && n.Contains("next login", StringComparison.Ordinal));
    }

    [Fact]
    public void A_disabled_job_is_disabled_and_not_bootstrapped()
    {
        var (platform, runner) = Platform();
        platform.Write(new[] { Daemon with { StartupType = StartupType.Disabled } }, new WriteOptions());
        Assert.Equal(new[] { "launchctl disable system/com.example.web" }, Launchctl(runner));
    }

    [Fact]
    public void Controls_map_to_modern_launchctl_verbs()
    {
        var (platform, runner) = Platform();
        platform.Write(new[] { Daemon }, new WriteOptions());
        var job = platform.GetJobs(new JobQuery { Names = new[] { "com.example.web" } });
        var plist = _root.Of("/Library/LaunchDaemons/com.example.web.plist");
        var expected = new Dictionary<JobAction, string[]>
        {
            [JobAction.Start] = new[] { $"launchctl bootstrap system {plist}", "launchctl kickstart system/com.example.web" },
            [JobAction.Stop] = new[] { "launchctl bootout system/com.example.web" },
            [JobAction.Restart] = new[] { "launchctl kickstart -k system/com.example.web" },
            [JobAction.Enable] = new[] { "launchctl enable system/com.example.web", $"launchctl bootstrap system {plist}" },
            [JobAction.Disable] = new[] { "launchctl disable system/com.example.web", "launchctl bootout system/com.example.web" },
        };
        foreach (var (action, lines) in expected)
        {
            runner.Commands.Clear();
            platform.Control(job, action);
            Assert.Equal(lines, Launchctl(runner));
        }

        Assert.DoesNotContain(runner.Lines, l => l.Contains(" load ", StringComparison.Ordinal) || l.Contains(" unload ", StringComparison.Ordinal));
    }

    [Fact]
    public void Removing_boots_out_then_deletes_and_not_loaded_is_fine()
    {
        var (platform, runner) = Platform();
        platform.Write(new[] { Daemon }, new WriteOptions());
        runner.Commands.Clear();
        var result = platform.Remove(platform.GetJobs(new JobQuery { Names = new[] { "com.example.web" } }), force: false);
        Assert.Equal(new[] { "launchctl bootout system/com.example.web" }, Launchctl(runner));
        Assert.Single(result.ChangedFiles);
        Assert.Empty(Directory.GetFiles(_root.Of("/Library/LaunchDaemons")));
    }

    [Fact]
    public void Already_bootstrapped_counts_as_done_and_permission_denied_is_typed()
    {
        var (platform, _) = Platform();
        var plist = _root.Of("/Library/LaunchDaemons/com.example.web.plist");
        _answers[$"launchctl bootstrap system {plist}"] = new CommandResult(37, string.Empty, "Bootstrap failed: 37: Operation already in progress");
        platform.Write(new[] { Daemon }, new WriteOptions());

        _answers[$"launchctl bootstrap system {plist}"] = new CommandResult(1, string.Empty, "Bootstrap failed: 1: Operation not permitted");
        Assert.Throws<PermissionDeniedException>(() => platform.Write(new[] { Daemon with { Description = "changed" } }, new WriteOptions()));
    }

    [Fact]
    public void Status_comes_from_print_and_print_disabled()
    {
        var (platform, runner) = Platform();
        var jobs = new[] { new InstalledJob(Daemon) { Files = new[] { "x" } }, new InstalledJob(Daemon with { Name = "com.example.failed" }), new InstalledJob(Daemon with { Name = "com.example.off" }), new InstalledJob(Daemon with { Name = "com.example.gone" }) };
        _answers["launchctl print system/com.example.web"] = new CommandResult(0, PrintRunning, string.Empty);
        _answers["launchctl print system/com.example.failed"] = new CommandResult(0, PrintFailed.Replace("com.example.web", "com.example.failed", StringComparison.Ordinal), string.Empty);
        _answers["launchctl print system/com.example.off"] = new CommandResult(0, "com.example.off = {\n\tstate = not running\n}\n", string.Empty);
        _answers["launchctl print-disabled system"] = new CommandResult(0, "disabled services = {\n\t\"com.example.off\" => disabled\n\t\"com.example.web\" => enabled\n}\n", string.Empty);
        var statuses = platform.GetStatus(jobs);
        Assert.Equal(new[] { JobState.Running, JobState.Failed, JobState.Disabled, JobState.NotLoaded }, statuses.Select(s => s.State));
        Assert.Equal((4242, 0, 2), (statuses[0].ProcessId!.Value, statuses[0].LastExitCode!.Value, statuses[0].RestartCount!.Value));
        Assert.Equal(78, statuses[1].LastExitCode);
        Assert.Single(runner.Lines, l => l == "launchctl print-disabled system");
    }

    [Fact]
    public void Inventory_names_jobs_by_label_and_reports_what_launchd_would_refuse()
    {
        var good = LaunchdTranslator.Render(Daemon).Content;
        var renamed = _root.Write("/Library/LaunchDaemons/old-name.plist", good);
        var open = _root.Write("/Library/LaunchDaemons/com.example.open.plist", good.Replace("com.example.web", "com.example.open", StringComparison.Ordinal));
        _root.Write("/Library/LaunchDaemons/com.example.nolabel.plist", "<plist><dict><key>Program</key><string>/bin/x</string></dict></plist>");
        _root.Write("/Library/LaunchDaemons/broken.plist", "<plist><dict><key>Label</key>");
        _root.Write("/Applications/Tool.app/Contents/Library/LaunchDaemons/com.tool.helper.plist", good.Replace("com.example.web", "com.tool.helper", StringComparison.Ordinal));
        _root.Write("/Applications/Tool.app/Contents/Library/LoginItems/ToolHelper.app/Contents/Info.plist", "<plist><dict><key>Label</key><string>com.tool.loginitem</string></dict></plist>");
        var (platform, _) = Platform();
        _owners[renamed] = "0 644";
        _owners[open] = "501 666";
        var jobs = platform.GetJobs(JobQuery.All).ToDictionary(j => j.Definition.Name);

        Assert.Equal(renamed, jobs["com.example.web"].Definition.SourcePath);
        Assert.Equal("LabelMismatch", Assert.Single(jobs["com.example.web"].Findings).Code);
        Assert.Equal(new[] { "DaemonNotOwnedByRoot", "PlistWritableByOthers" }, jobs["com.example.open"].Findings.Select(f => f.Code).OrderBy(c => c, StringComparer.Ordinal));
        Assert.Contains(jobs["com.example.nolabel"].Findings, f => f.Code == "LabelMissing");
        Assert.Equal("PlistUnreadable", Assert.Single(jobs["broken"].Findings).Code);
        Assert.Equal("Bundled", Assert.Single(jobs["com.tool.helper"].Findings).Code);
        Assert.Equal(JobKind.LoginItem, jobs["com.tool.loginitem"].Definition.Kind);
        Assert.True(jobs["com.example.web"].Definition.Managed);
    }

    [Fact]
    public void Writes_only_where_launchd_jobs_belong()
    {
        var (platform, _) = Platform();
        var changed = platform.Write(new[]
        {
            Daemon,
            new BackgroundJobDefinition("com.example.all", JobKind.Agent, JobScope.System) { Program = "/bin/all" },
            Agent,
            new BackgroundJobDefinition("com.example.item", JobKind.LoginItem, JobScope.User) { User = "alice", Program = "/bin/item" },
        }, new WriteOptions()).ChangedFiles;
        Assert.Equal(new[]
        {
            "/Library/LaunchDaemons/com.example.web.plist", "/Library/LaunchAgents/com.example.all.plist",
            "/Users/alice/Library/LaunchAgents/com.example.agent.plist", "/Users/alice/Library/LaunchAgents/com.example.item.plist",
        }.Select(_root.Of), changed);
    }

    [Fact]
    public void An_application_login_item_goes_through_system_events()
    {
        var (platform, runner) = Platform();
        var app = new BackgroundJobDefinition("com.example.notes", JobKind.LoginItem, JobScope.User) { User = "alice", Program = "/Applications/My \"Notes\".app" };
        var result = platform.Write(new[] { app }, new WriteOptions());
        Assert.Empty(result.ChangedFiles);
        Assert.Contains("osascript -e tell application \"System Events\" to make login item at end with properties {path:\"/Applications/My \\\"Notes\\\".app\", hidden:false}", runner.Lines);
    }

    [Fact]
    public void Validation_on_macos_rejects_what_launchd_cannot_express()
    {
        var (platform, _) = Platform();
        var error = Assert.Throws<InvalidDefinitionException>(() => platform.Write(new[] { Daemon with { Dependencies = ValueList.Of("network") } }, new WriteOptions()));
        Assert.Equal("PlatformUnsupported", Assert.Single(error.Findings, f => f.Severity == FindingSeverity.Error).Code);
    }
}
