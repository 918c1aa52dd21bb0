using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Systemd;

public sealed class SystemctlTests : IDisposable
{
    private readonly FakeRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static BackgroundJobDefinition Daemon(string name) => new(name, JobKind.Daemon, JobScope.System) { Program = "/bin/" + name };

    private (LinuxPlatform Platform, FakeCommandRunner Runner) Platform(PosixUser? user = null, Func<CommandLine, CommandResult?>? answer = null)
    {
        var runner = new FakeCommandRunner(answer);
        return (_root.Platform(runner, user), runner);
    }

    [Fact]
    public void A_batch_reloads_once_and_enables_in_one_call()
    {
        _root.Running();
        var (platform, runner) = Platform();
        platform.Write(new[] { Daemon("a"), Daemon("b"), Daemon("c") with { Schedule = Schedule.OnCron("0 1 * * *") }, Daemon("m") with { StartupType = StartupType.Manual } }, new WriteOptions());
        Assert.Equal(new[]
        {
            "systemctl enable --no-reload -- a.service b.service c.timer",
            "systemctl disable --no-reload -- m.service",
            "systemctl daemon-reload",
        }, runner.Lines);
    }

    [Fact]
    public void Nothing_changed_means_no_reload_and_no_calls()
    {
        _root.Running();
        var (platform, runner) = Platform();
        platform.Write(new[] { Daemon("a") }, new WriteOptions());
        runner.Commands.Clear();
        _root.Link("/etc/systemd/system/multi-user.target.wants/a.service", _root.Of("/etc/systemd/system/a.service"));
        platform.Write(new[] { Daemon("a") }, new WriteOptions());
        Assert.Empty(runner.Lines);
    }

    [Fact]
    public void Starting_starts_what_is_new_restarts_what_changed_and_stops_what_is_disabled()
    {
        _root.Running();
        var (platform, runner) = Platform();
        platform.Write(new[] { Daemon("a"), Daemon("off") with { StartupType = StartupType.Disabled } }, new WriteOptions { Start = true });
        Assert.Equal(new[]
        {
            "systemctl enable --no-reload -- a.service",
            "systemctl disable --no-reload -- off.service",
            "systemctl daemon-reload",
            "systemctl start -- a.service",
        }, runner.Lines);

        runner.Commands.Clear();
        platform.Write(new[] { Daemon("a") with { Description = "changed" }, Daemon("off") with { StartupType = StartupType.Disabled, Description = "changed" } }, new WriteOptions { Start = true });
        Assert.Equal(new[]
        {
            "systemctl enable --no-reload -- a.service",
            "systemctl disable --no-reload -- off.service",
            "systemctl daemon-reload",
            "systemctl stop -- off.service",
            "systemctl restart -- a.service",
        }, runner.Lines);
    }

    [Fact]
    public void Root_reaches_another_users_manager_through_runuser_and_all_users_through_global()
    {
        _root.Running(FakeRoot.Alice);
        var (platform, runner) = Platform();
        platform.Write(new[]
        {
            new BackgroundJobDefinition("mine", JobKind.Agent, JobScope.User) { User = "alice", Program = "/bin/mine" },
            new BackgroundJobDefinition("all", JobKind.Agent, JobScope.System) { Program = "/bin/all" },
        }, new WriteOptions());
        Assert.Equal(new[]
        {
            "runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/1000 systemctl --user enable --no-reload -- mine.service",
            "systemctl --global enable --no-reload -- all.service",
            "runuser -u alice -- env XDG_RUNTIME_DIR=/run/user/1000 systemctl --user daemon-reload",
        }, runner.Lines);
    }

    [Fact]
    public void A_user_manages_their_own_agents_with_user_and_no_one_elses()
    {
        _root.Running(FakeRoot.Alice);
        var (platform, runner) = Platform(FakeRoot.Alice);
        platform.Write(new[] { new BackgroundJobDefinition("mine", JobKind.Agent, JobScope.User) { Program = "/bin/mine" } }, new WriteOptions());
        Assert.Equal(new[] { "systemctl --user enable --no-reload -- mine.service", "systemctl --user daemon-reload" }, runner.Lines);
        Assert.True(File.Exists(_root.Of("/home/alice/.config/systemd/user/mine.service")));

        var supervisor = new SystemctlSupervisor(runner, _root.Layout(FakeRoot.Alice));
        Assert.Throws<PermissionDeniedException>(() => supervisor.Systemctl(SystemdManager.Of(new PosixUser("bob", 1001, 1001, "/home/bob")), "start"));
    }

    [Fact]
    public void Starting_an_agent_without_a_user_manager_says_what_to_do()
    {
        _root.Running();
        var (platform, runner) = Platform();
        var agent = new BackgroundJobDefinition("mine", JobKind.Agent, JobScope.User) { User = "alice", Program = "/bin/mine" };
        var error = Assert.Throws<PlatformException>(() => platform.Write(new[] { agent }, new WriteOptions { Start = true }));
        Assert.Contains("alice has no running systemd user manager", error.Message, StringComparison.Ordinal);
        Assert.Contains("loginctl enable-linger alice", error.Message, StringComparison.Ordinal);
        Assert.Empty(runner.Lines);
    }

    [Fact]
    public void Lingering_is_enabled_when_asked()
    {
        _root.Running();
        var (platform, runner) = Platform(answer: command =>
        {
            if (command.Arguments.Contains("user@1000.service"))
            {
                Directory.CreateDirectory(_root.Of("/run/user/1000/systemd"));
            }

            return null;
        });
        platform.Write(new[] { new BackgroundJobDefinition("mine", JobKind.Agent, JobScope.User) { User = "alice", Program = "/bin/mine" } }, new WriteOptions { Linger = true });
        Assert.Equal(new[] { "loginctl enable-linger alice", "systemctl start user@1000.service" }, runner.Lines.Take(2));
    }

    [Fact]
    public void Status_of_many_jobs_is_one_listing_and_one_show_of_the_loaded_units()
    {
        _root.Running();
        const string Show =
            "Id=a.service\nLoadState=loaded\nActiveState=active\nSubState=running\nMainPID=42\nExecMainCode=0\nExecMainStatus=0\nMemoryCurrent=1048576\nCPUUsageNSec=2000000000\nActiveEnterTimestamp=@1700000000\nNRestarts=3\n\n" +
            "Id=b.service\nLoadState=loaded\nActiveState=activating\nSubState=start-pre\nMainPID=0\nMemoryCurrent=[not set]\nNRestarts=0\n\n" +
            "Id=c.service\nLoadState=loaded\nActiveState=inactive\nSubState=dead\nMainPID=0\nExecMainCode=1\nExecMainStatus=0\nNRestarts=0\n\n" +
            "Id=c.timer\nLoadState=loaded\nActiveState=active\nSubState=waiting\nNextElapseUSecRealtime=@1800000000\n\n" +

            "Id=d.service\nLoadState=loaded\nActiveState=failed\nSubState=failed\nExecMainCode=1\nExecMainStatus=3\n\n" +
            "Id=e.service\nLoadState=loaded\nActiveState=deactivating\nSubState=stop-sigterm\nMainPID=77\n\n" +
            "Id=f.service\nLoadState=loaded\nActiveState=activating\nSubState=auto-restart\n\n" +
            "Id=h.service\nLoadState=loaded\nActiveState=reloading\nSubState=reload\nMainPID=9\n";
        // g.service is not loaded: list-units leaves it out, so it is not shown and reads as stopped.
        const string Listing = "a.service loaded active running A\nb.service loaded activating start-pre B\nc.service loaded inactive dead C\nc.timer loaded active waiting C\n" +
            "d.service loaded failed failed D\ne.service loaded deactivating stop-sigterm E\nf.service loaded activating auto-restart F\nh.service loaded reloading reload H\n";
        var (platform, runner) = Platform(answer: c => c.Arguments.FirstOrDefault() switch
        {
            "show" => new CommandResult(0, Show, string.Empty),
            "list-units" => new CommandResult(0, Listing, string.Empty),
            _ => null,
        });
        var definitions = new[] { "a", "b", "c", "d", "e", "f", "g", "h" }.Select(n => n == "c" ? Daemon(n) with { Schedule = Schedule.EveryInterval(Duration.Parse("1h")) } : Daemon(n)).ToList();
        var jobs = definitions.Select(d => new InstalledJob(d)).ToList();
        var statuses = platform.GetStatus(jobs);

        Assert.Equal(2, runner.Lines.Count);
        Assert.StartsWith("systemctl list-units --all", runner.Lines[0], StringComparison.Ordinal);
        Assert.Equal("systemctl show --timestamp=unix --property=" + string.Join(",", SystemdStatus.Properties) + " -- a.service b.service c.service c.timer d.service e.service f.service h.service", runner.Lines[1]);
        Assert.Equal(new[] { JobState.Running, JobState.Starting, JobState.Stopped, JobState.Failed, JobState.Stopping, JobState.Starting, JobState.Stopped, JobState.Reloading }, statuses.Select(s => s.State));
        var a = statuses[0];
        Assert.Equal((42, 1048576L, TimeSpan.FromSeconds(2), DateTimeOffset.FromUnixTimeSeconds(1700000000), 3), (a.ProcessId!.Value, a.MemoryBytes!.Value, a.CpuTime!.Value, a.StartedAt!.Value, a.RestartCount!.Value));
        Assert.Equal("activating (start-pre)", statuses[1].NativeState);
        Assert.Null(statuses[1].MemoryBytes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1800000000), statuses[2].NextRunAt);
        Assert.Equal(3, statuses[3].LastExitCode);
        Assert.Equal("activating (auto-restart)", statuses[5].NativeState);
    }

    [Fact]
    public void A_listing_takes_states_from_one_list_units_call()
    {
        _root.Running();
        const string Units = "a.service loaded active running A\nb.service loaded activating start-pre B job\nc.timer loaded active waiting C\n";
        var (platform, runner) = Platform(answer: c => c.Arguments.FirstOrDefault() == "list-units" ? new CommandResult(0, Units, string.Empty) : null);
        var jobs = new[] { Daemon("a"), Daemon("b"), Daemon("c") with { Schedule = Schedule.EveryInterval(Duration.Parse("1h")) }, Daemon("gone") }.Select(d => new InstalledJob(d)).ToList();
        var states = platform.GetStates(jobs);
        Assert.Equal("systemctl list-units --all --plain --no-legend --no-pager --full", Assert.Single(runner.Lines));
        Assert.Equal(new[] { JobState.Running, JobState.Starting, JobState.Stopped, JobState.Stopped }, states.Select(s => s.State));
        Assert.Equal("activating (start-pre)", states[1].NativeState);
    }

    [Fact]
    public void A_monotonic_timer_reports_its_next_run_in_wall_clock_time()
    {
        var clock = new Clock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), TimeSpan.FromMinutes(40));
        var timer = new Dictionary<string, string> { ["NextElapseUSecRealtime"] = string.Empty, ["NextElapseUSecMonotonic"] = "41min 12.5s" };
        var status = SystemdStatus.ToStatus("m", new Dictionary<string, string> { ["LoadState"] = "loaded", ["ActiveState"] = "inactive" }, timer, clock);
        Assert.Equal(clock.Now + TimeSpan.FromSeconds(72.5), status.NextRunAt);
        Assert.Null(SystemdStatus.ToStatus("m", null, new Dictionary<string, string> { ["NextElapseUSecMonotonic"] = "infinity" }, clock).NextRunAt);
    }

    [Theory]
    [InlineData("masked", "inactive", false)]
    [InlineData("not-found", "inactive", false)]
    [InlineData("masked", "active", true)]
    [InlineData("loaded", "inactive", true)]
    public void A_masked_or_file_less_unit_that_does_not_run_reports_its_state_alone(string load, string active, bool withItsLastRun)
    {
        var service = new Dictionary<string, string>
        {
            ["LoadState"] = load, ["ActiveState"] = active, ["SubState"] = active == "active" ? "running" : "dead",
            ["ExecMainCode"] = "1", ["ExecMainStatus"] = "3", ["NRestarts"] = "2", ["NeedDaemonReload"] = "yes",
        };
        var status = SystemdStatus.ToStatus("m", service, null, Clock.System);
        Assert.Equal(SystemdStatus.StateOf(load, active), status.State);
        Assert.Equal($"{active} ({service["SubState"]})", status.NativeState);
        Assert.Equal(withItsLastRun ? (3, 2, true) : ((int?)null, (int?)null, (bool?)null), (status.LastExitCode, status.RestartCount, status.DefinitionChanged));
    }

    [Fact]
    public void Templates_are_not_asked_for_a_state_they_do_not_have()
    {
        _root.Running();
        var (platform, runner) = Platform();
        var statuses = platform.GetStatus(new[] { new InstalledJob(Daemon("getty@")) });
        Assert.Empty(runner.Lines);
        Assert.Equal("template (runs as instances)", Assert.Single(statuses).NativeState);
    }

    [Fact]
    public void Removing_stops_disables_deletes_and_reloads_once()
    {
        _root.Running();
        var (platform, runner) = Platform();
        platform.Write(new[] { Daemon("a"), Daemon("b") with { Schedule = Schedule.EveryInterval(Duration.Parse("1h")) } }, new WriteOptions());
        runner.Commands.Clear();
        var jobs = platform.GetJobs(new JobQuery { Names = new[] { "a", "b" } });
        var result = platform.Remove(jobs, force: false);
        Assert.Equal(new[] { "systemctl disable --now --no-reload -- a.service b.timer b.service", "systemctl daemon-reload" }, runner.Lines);
        Assert.Equal(3, result.ChangedFiles.Count);
        Assert.Empty(Directory.GetFiles(_root.Of("/etc/systemd/system")));
    }

    [Fact]
    public void Removing_a_job_we_did_not_create_needs_force()
    {
        _root.Running();
        _root.Write("/etc/systemd/system/theirs.service", "[Service]\nExecStart=/bin/theirs\n");
        var (platform, runner) = Platform();
        var jobs = platform.GetJobs(new JobQuery { Names = new[] { "theirs" } });
        Assert.Throws<JobNotManagedException>(() => platform.Remove(jobs, force: false));
        Assert.Empty(runner.Lines);
        Assert.True(File.Exists(_root.Of("/etc/systemd/system/theirs.service")));
    }

    [Fact]
    public void Stopping_what_is_not_loaded_counts_as_stopped()
    {
        _root.Running();
        var (platform, runner) = Platform(answer: c => new CommandResult(5, string.Empty, "Failed to stop a.service: Unit a.service not loaded."));
        platform.Control(new[] { new InstalledJob(Daemon("a")) }, JobAction.Stop);
        Assert.Equal(new[] { "systemctl stop -- a.service" }, runner.Lines);
        Assert.Throws<PlatformException>(() => platform.Control(new[] { new InstalledJob(Daemon("a")) }, JobAction.Start));
    }

    [Fact]
    public void Access_denied_is_a_permission_error()
    {
        _root.Running();
        var (platform, _) = Platform(answer: c => new CommandResult(1, string.Empty, "Failed to start a.service: Access denied"));
        Assert.Throws<PermissionDeniedException>(() => platform.Control(new[] { new InstalledJob(Daemon("a")) }, JobAction.Start));
    }

    [Fact]
    public void Login_items_are_not_started_on_request()
    {
        var item = new InstalledJob(new BackgroundJobDefinition("li", JobKind.LoginItem, JobScope.User) { Program = "/bin/li" });
        var (platform, runner) = Platform();
        Assert.Throws<PlatformException>(() => platform.Control(new[] { item }, JobAction.Start));
        Assert.Empty(runner.Lines);
    }

    [Theory]
    [InlineData("org.example.notes", "app-org.example.notes@autostart.service")]
    [InlineData("my-app", "app-my\\x2dapp@autostart.service")]
    [InlineData(".hidden", "app-\\x2ehidden@autostart.service")]
    public void Knows_the_unit_systemd_generates_for_an_autostart_entry(string name, string unit)
    {
        Assert.Equal(unit, LinuxPlatform.AutostartUnit(name));
    }
}
