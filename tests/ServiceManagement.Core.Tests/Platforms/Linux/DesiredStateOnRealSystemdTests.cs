using System.Globalization;
using System.Text.Json;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// Desired state is what the managers run, judged by systemd itself and by the running processes: the run
/// state (a hand-stopped daemon, a stopped timer, a job declared stopped), a drop-in that rewrites a managed
/// job, a user's agent while their manager is down, and an agent of every user removed while it runs in two
/// user managers. Each runs through the D-Bus API and through systemctl.
/// </summary>
public abstract class DesiredStateScenarios
{
    private readonly SystemdHarness _systemd;

    protected DesiredStateScenarios(SystemdHarness systemd, string transport)
    {
        _systemd = systemd.Required(transport);
    }

    [RealSystemdFact]
    public void The_run_state_is_desired_state_a_stopped_daemon_or_timer_is_drift_and_apply_starts_or_stops_only_what_differs()
    {
        var config = _systemd.ShareFile("runstate.yaml", "jobs:\n" +
            "  - { name: sm.rs.auto, kind: daemon, program: /bin/sleep, arguments: [\"1001\"] }\n" +
            "  - { name: sm.rs.manual, kind: daemon, program: /bin/sleep, arguments: [\"1002\"], startupType: manual }\n" +
            "  - { name: sm.rs.off, kind: daemon, program: /bin/sleep, arguments: [\"1003\"], state: stopped }\n" +
            "  - { name: sm.rs.timer, kind: daemon, program: /bin/true, schedule: { every: 1h } }\n");
        var (applied, output) = _systemd.Svcmgmt("apply", config);
        Assert.True(applied == 0, output);
        Assert.Equal("active", _systemd.Property("sm.rs.auto.service", "ActiveState"));
        Assert.Equal("inactive", _systemd.Property("sm.rs.manual.service", "ActiveState"));
        Assert.Equal("inactive", _systemd.Property("sm.rs.off.service", "ActiveState"));
        Assert.Equal("enabled", _systemd.Property("sm.rs.off.service", "UnitFileState"));
        Assert.Equal("active", _systemd.Property("sm.rs.timer.timer", "ActiveState"));
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);

        Assert.Equal(0, _systemd.Inside("systemctl", "stop", "sm.rs.auto.service", "sm.rs.timer.timer").ExitCode);
        Assert.Equal(0, _systemd.Inside("systemctl", "start", "sm.rs.off.service", "sm.rs.manual.service").ExitCode);
        var (drift, plan) = _systemd.Svcmgmt("plan", config);
        Assert.True(drift == 1, plan);
        Assert.Contains("update  daemon sm.rs.auto\n  ~ state: stopped -> running\n", plan, StringComparison.Ordinal);
        Assert.Contains("update  daemon sm.rs.timer\n  ~ state: stopped -> running\n", plan, StringComparison.Ordinal);
        Assert.Contains("update  daemon sm.rs.off\n  ~ state: running -> stopped\n", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("sm.rs.manual", plan, StringComparison.Ordinal);
        var test = _systemd.Svcmgmt("dsc", "test", "--input", "{\"name\":\"sm.rs.auto\",\"kind\":\"daemon\",\"program\":\"/bin/sleep\",\"arguments\":[\"1001\"]}").Output.Split('\n');
        Assert.False(JsonDocument.Parse(test[0]).RootElement.GetProperty("_inDesiredState").GetBoolean());
        Assert.Equal("stopped", JsonDocument.Parse(test[0]).RootElement.GetProperty("state").GetString());
        Assert.Equal("[\"state\"]", test[1]);

        (applied, output) = _systemd.Svcmgmt("apply", config);
        Assert.True(applied == 0, output);
        Assert.Equal("active", _systemd.Property("sm.rs.auto.service", "ActiveState"));
        Assert.Equal("active", _systemd.Property("sm.rs.timer.timer", "ActiveState"));
        Assert.Equal("inactive", _systemd.Property("sm.rs.off.service", "ActiveState"));
        Assert.Equal("active", _systemd.Property("sm.rs.manual.service", "ActiveState"));
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);
        var got = JsonDocument.Parse(_systemd.Svcmgmt("dsc", "get", "--input", "{\"name\":\"sm.rs.timer\",\"kind\":\"daemon\"}").Output).RootElement;
        Assert.Equal("running", got.GetProperty("state").GetString());

        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.rs.auto", "sm.rs.manual", "sm.rs.off", "sm.rs.timer").ExitCode);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void An_apply_of_20_new_jobs_and_one_of_20_changed_jobs_each_reload_the_manager_once()
    {
        string Jobs(string description) => "jobs:\n" + string.Concat(Enumerable.Range(0, 20).Select(i =>
            $"  - {{ name: sm.reload.j{i}, kind: daemon, program: /bin/sleep, arguments: [\"{3000 + i}\"], description: {description}{(i % 4 == 0 ? ", schedule: { every: 1h }" : string.Empty)} }}\n"));
        var config = _systemd.ShareFile("reload.yaml", Jobs("first"));
        foreach (var description in new[] { "first", "second" })
        {
            _systemd.ShareFile("reload.yaml", Jobs(description));
            var before = Reloads();
            var (applied, output, connections) = TracedApply(config);
            Assert.True(applied == 0, output);
            Assert.Equal(before + 1, Reloads());
            if (_systemd.Transport == "bus")
            {
                // The plan's status reads, the links, the reload and the jobs share one handshake.
                Assert.Equal(1, connections);
            }
            Assert.Equal(description, _systemd.Property("sm.reload.j1.service", "Description"));
            Assert.Equal("enabled", _systemd.Property("sm.reload.j1.service", "UnitFileState"));
            Assert.Equal("active", _systemd.Property("sm.reload.j4.timer", "ActiveState"));
        }

        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt(new[] { "remove" }.Concat(Enumerable.Range(0, 20).Select(i => $"sm.reload.j{i}")).ToArray()).ExitCode);
        _systemd.AssertHostUntouched();
    }

    /// <summary>
    /// svcmgmt apply under strace, and how many connections it opened to the system manager's private socket
    /// (over the bus svcmgmt starts no process, so every one is its own).
    /// </summary>
    private (int ExitCode, string Output, int Connections) TracedApply(string config)
    {
        var trace = Path.Combine(_systemd.Share, "connects");
        File.Delete(trace);
        var (exitCode, output) = _systemd.Inside("strace", "-f", "-qq", "-e", "trace=connect", "-o", "/run/sm-share/connects",
            "env", "SVCMGMT_SYSTEMD_TRANSPORT=" + _systemd.Transport, "/run/svcmgmt/svcmgmt", "apply", config);
        var connections = File.ReadAllLines(trace).Count(l => l.Contains("sun_path=\"/run/systemd/private\"", StringComparison.Ordinal) && l.TrimEnd().EndsWith("= 0", StringComparison.Ordinal));
        return (exitCode, output, connections);
    }

    /// <summary>
    /// How often the system manager has reloaded, counted by systemd itself: it runs every generator on each
    /// daemon-reload, and a generator of the test's appends a line each time.
    /// </summary>
    private int Reloads()
    {
        const string Generator = "/etc/systemd/system-generators/sm-count-reloads";
        if (_systemd.Inside("test", "-x", Generator).ExitCode != 0)
        {
            Assert.Equal(0, _systemd.Inside("bash", "-c", $"mkdir -p /etc/systemd/system-generators && printf '#!/bin/sh\\necho reload >> /run/sm-reloads\\n' > {Generator} && chmod +x {Generator} && touch /run/sm-reloads").ExitCode);
        }

        return _systemd.Inside("cat", "/run/sm-reloads").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    [RealSystemdFact]
    public void A_drop_in_that_rewrites_a_managed_job_is_drift_named_by_its_file_and_apply_makes_the_declaration_run()
    {
        const string Declared = "{\"name\":\"sm.drift\",\"kind\":\"daemon\",\"program\":\"/bin/sleep\",\"arguments\":[\"3000\"]}";
        var config = _systemd.ShareFile("drift.yaml", "jobs:\n  - { name: sm.drift, kind: daemon, program: /bin/sleep, arguments: [\"3000\"] }\n");
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);
        var dropIns = Path.Combine(_systemd.SystemUnitDirectory, "sm.drift.service.d");
        Directory.CreateDirectory(dropIns);
        File.WriteAllText(Path.Combine(dropIns, "50-drift.conf"), "[Service]\nExecStart=\nExecStart=/bin/sleep 9\nEnvironment=EVIL=1\n");
        Assert.Equal(0, _systemd.Inside("systemctl", "daemon-reload").ExitCode);
        Assert.Equal(0, _systemd.Inside("systemctl", "restart", "sm.drift.service").ExitCode);
        Assert.Contains("EVIL=1", Environ(MainPid("sm.drift.service")));

        // Get and Test read through the same function: both see the drop-in.
        var got = JsonDocument.Parse(_systemd.Svcmgmt("dsc", "get", "--input", Declared).Output).RootElement;
        Assert.Equal("9", got.GetProperty("arguments")[0].GetString());
        var test = _systemd.Svcmgmt("dsc", "test", "--input", Declared).Output.Split('\n');
        Assert.False(JsonDocument.Parse(test[0]).RootElement.GetProperty("_inDesiredState").GetBoolean());
        var (drift, plan) = _systemd.Svcmgmt("plan", config);
        Assert.True(drift == 1, plan);
        Assert.Contains("~ arguments: [\"9\"] -> [\"3000\"]", plan, StringComparison.Ordinal);
        Assert.Contains("- environment.EVIL: 1", plan, StringComparison.Ordinal);
        Assert.Contains("--- /etc/systemd/system/sm.drift.service.d/50-drift.conf", plan, StringComparison.Ordinal);
        Assert.Contains("-ExecStart=/bin/sleep 9", plan, StringComparison.Ordinal);

        var (applied, output) = _systemd.Svcmgmt("apply", config);
        Assert.True(applied == 0, output);
        Assert.Equal("{ path=/bin/sleep ; argv[]=/bin/sleep 3000 ;", _systemd.Property("sm.drift.service", "ExecStart").Split(" ignore_errors")[0]);
        var pid = MainPid("sm.drift.service");
        Assert.DoesNotContain("EVIL=1", Environ(pid));
        Assert.Equal(new[] { "/bin/sleep", "3000" }, _systemd.Inside("cat", $"/proc/{pid}/cmdline").Output.TrimEnd('\0').Split('\0'));
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);
        Assert.True(JsonDocument.Parse(_systemd.Svcmgmt("dsc", "test", "--input", Declared).Output.Split('\n')[0]).RootElement.GetProperty("_inDesiredState").GetBoolean());

        // Nothing of the drop-in is lost: it is set aside beside itself, where systemd does not read it, root's only.
        var displaced = Path.Combine(dropIns, "50-drift.conf.displaced-by-servicemanagement");
        Assert.Contains("Environment=EVIL=1", File.ReadAllText(displaced), StringComparison.Ordinal);
        Assert.Equal("600", _systemd.Inside("stat", "-c", "%a", "/etc/systemd/system/sm.drift.service.d/50-drift.conf.displaced-by-servicemanagement").Output.Trim());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.drift").ExitCode);
        Directory.Delete(dropIns, recursive: true);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void Files_as_declared_that_the_manager_has_not_loaded_are_drift_until_apply_reloads_and_restarts()
    {
        var config = _systemd.ShareFile("stale.yaml", "jobs:\n  - { name: sm.stale, kind: daemon, program: /bin/sleep, arguments: [\"3001\"] }\n");
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);
        var unit = Path.Combine(_systemd.SystemUnitDirectory, "sm.stale.service");
        var declared = File.ReadAllText(unit);
        File.WriteAllText(unit, declared.Replace("sleep 3001", "sleep 3002", StringComparison.Ordinal));
        Assert.Equal(0, _systemd.Inside("bash", "-c", "systemctl daemon-reload && systemctl restart sm.stale.service").ExitCode);
        File.WriteAllText(unit, declared);
        Assert.Equal("yes", _systemd.Property("sm.stale.service", "NeedDaemonReload"));

        var (drift, plan) = _systemd.Svcmgmt("plan", config);
        Assert.True(drift == 1, plan);
        Assert.Contains("~ applied: no (the manager runs an older definition) -> yes", plan, StringComparison.Ordinal);
        var (applied, output) = _systemd.Svcmgmt("apply", config);
        Assert.True(applied == 0, output);
        Assert.Equal("no", _systemd.Property("sm.stale.service", "NeedDaemonReload"));
        Assert.Equal(new[] { "/bin/sleep", "3001" }, _systemd.Inside("cat", $"/proc/{MainPid("sm.stale.service")}/cmdline").Output.TrimEnd('\0').Split('\0'));
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.stale").ExitCode);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void A_users_agent_converges_while_the_user_is_away_and_runs_once_their_manager_starts()
    {
        var config = _systemd.ShareFile("away.yaml", $"jobs:\n  - {{ name: sm.away, kind: agent, scope: user, user: {SystemdHarness.TestUser}, program: /bin/sleep, arguments: [\"1000\"] }}\n");
        // Its manager and runtime directory gone, as after the user logged out.
        Assert.Equal(0, _systemd.Inside("systemctl", "stop", $"user@{SystemdHarness.TestUserId}.service", $"user-runtime-dir@{SystemdHarness.TestUserId}.service").ExitCode);
        Assert.NotEqual(0, _systemd.Inside("test", "-e", $"/run/user/{SystemdHarness.TestUserId}/systemd").ExitCode);
        var (applied, output) = _systemd.Svcmgmt("apply", config);
        Assert.True(applied == 0, output);
        var (planned, plan) = _systemd.Svcmgmt("plan", config);
        Assert.True(planned == 0, plan);
        Assert.Equal(0, _systemd.Inside("test", "-L", $"/home/{SystemdHarness.TestUser}/.config/systemd/user/default.target.wants/sm.away.service").ExitCode);
        var test = _systemd.Svcmgmt("dsc", "test", "--input", $"{{\"name\":\"sm.away\",\"kind\":\"agent\",\"scope\":\"user\",\"user\":\"{SystemdHarness.TestUser}\",\"program\":\"/bin/sleep\",\"arguments\":[\"1000\"]}}").Output;
        Assert.True(JsonDocument.Parse(test.Split('\n')[0]).RootElement.GetProperty("_inDesiredState").GetBoolean(), test);

        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        SystemdHarness.Eventually(() => _systemd.Property("sm.away.service", "ActiveState", user: true) == "active", "the agent started by its user's manager");
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.away", "--user", SystemdHarness.TestUser).ExitCode);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void Removing_an_agent_of_every_user_stops_it_in_every_user_manager_that_runs_it()
    {
        var config = _systemd.ShareFile("everyone.yaml", "jobs:\n  - { name: sm.everyone, kind: agent, scope: system, program: /bin/sleep, arguments: [\"1000\"] }\n");
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);
        var users = new[] { (SystemdHarness.TestUser, SystemdHarness.TestUserId), (SystemdHarness.SecondUser, SystemdHarness.SecondUserId) };
        foreach (var (name, id) in users)
        {
            Assert.Equal(0, _systemd.Inside("systemctl", "restart", $"user@{id}.service").ExitCode);
            SystemdHarness.Eventually(() => _systemd.Property("sm.everyone.service", "ActiveState", user: true, of: (name, id)) == "active", $"the agent in {name}'s manager");
        }

        _systemd.ShareFile("everyone.yaml", "jobs:\n  - { name: sm.everyone, kind: agent, scope: system, ensure: absent }\n");
        var (removed, output) = _systemd.Svcmgmt("apply", config);
        Assert.True(removed == 0, output);
        Assert.Contains($"in 2 user manager(s): {SystemdHarness.TestUser}, {SystemdHarness.SecondUser}", output, StringComparison.Ordinal);
        foreach (var (name, id) in users)
        {
            Assert.NotEqual("active", _systemd.Property("sm.everyone.service", "ActiveState", user: true, of: (name, id)));
            Assert.Equal(1, _systemd.Inside("pgrep", "-u", name, "-f", "sleep 1000").ExitCode);
        }

        Assert.False(File.Exists(Path.Combine(_systemd.UserUnitDirectory, "sm.everyone.service")));
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void Another_user_can_neither_block_nor_redirect_roots_apply()
    {
        // The old places, taken first by the test user: a flocked lock file in the world-writable /run/lock, and a
        // holder "file" that is a link to a file of root's.
        const string Plant = "mkdir -p /run/lock && chmod 1777 /run/lock && runuser -u " + SystemdHarness.TestUser +
            " -- bash -c 'touch /run/lock/servicemanagement.lock && ln -sf /etc/sm-redirected /run/lock/servicemanagement.lock.holder && (setsid flock -x /run/lock/servicemanagement.lock sleep 60 </dev/null >/dev/null 2>&1 &)'";
        Assert.Equal(0, _systemd.Inside("bash", "-c", Plant).ExitCode);
        Assert.NotEqual(0, _systemd.Inside("runuser", "-u", SystemdHarness.TestUser, "--", "mkdir", "/run/servicemanagement").ExitCode);

        var config = _systemd.ShareFile("locked.yaml", "jobs:\n  - { name: sm.locked, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n");
        var (applied, output) = _systemd.Svcmgmt("apply", config, "--lock-timeout", "2");
        Assert.True(applied == 0, output);
        Assert.NotEqual(0, _systemd.Inside("test", "-e", "/etc/sm-redirected").ExitCode);
        Assert.Equal("0 700", _systemd.Inside("stat", "-c", "%u %a", "/run/servicemanagement").Output.Trim());

        // And with root's lock in place, the test user cannot open it to flock it either.
        Assert.NotEqual(0, _systemd.Inside("runuser", "-u", SystemdHarness.TestUser, "--", "flock", "-n", "/run/servicemanagement/apply.lock", "true").ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("apply", config, "--lock-timeout", "2").ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.locked").ExitCode);
        _systemd.Inside("pkill", "-u", SystemdHarness.TestUser, "flock");
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void Changing_how_a_job_starts_retires_the_old_way_daemon_to_scheduled_and_back()
    {
        const string Daemon = "jobs:\n  - { name: sm.trigger, kind: daemon, program: /bin/sleep, arguments: [\"1004\"] }\n";
        var config = _systemd.ShareFile("trigger.yaml", Daemon);
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);
        Assert.Equal(0, _systemd.Inside("pgrep", "-f", "sleep 1004").ExitCode);

        _systemd.ShareFile("trigger.yaml", "jobs:\n  - { name: sm.trigger, kind: daemon, program: /bin/sleep, arguments: [\"1005\"], schedule: { every: 1h } }\n");
        var (applied, output) = _systemd.Svcmgmt("apply", config);
        Assert.True(applied == 0, output);
        SystemdHarness.Eventually(() => _systemd.Inside("pgrep", "-f", "sleep 1004").ExitCode != 0, "the daemon's old process to end");
        Assert.Equal("static", _systemd.Property("sm.trigger.service", "UnitFileState"));
        Assert.NotEqual(0, _systemd.Inside("test", "-e", "/etc/systemd/system/multi-user.target.wants/sm.trigger.service").ExitCode);
        Assert.Equal("active", _systemd.Property("sm.trigger.timer", "ActiveState"));
        AssertNothingDangles();
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);

        _systemd.ShareFile("trigger.yaml", Daemon);
        (applied, output) = _systemd.Svcmgmt("apply", config);
        Assert.True(applied == 0, output);
        Assert.Equal("not-found", _systemd.Property("sm.trigger.timer", "LoadState"));
        Assert.Equal("enabled", _systemd.Property("sm.trigger.service", "UnitFileState"));
        Assert.Equal("active", _systemd.Property("sm.trigger.service", "ActiveState"));
        Assert.Equal(new[] { "/bin/sleep", "1004" }, _systemd.Inside("cat", $"/proc/{MainPid("sm.trigger.service")}/cmdline").Output.TrimEnd('\0').Split('\0'));
        Assert.Empty(Directory.GetFiles(_systemd.SystemUnitDirectory, "sm.trigger.timer", SearchOption.AllDirectories));
        AssertNothingDangles();
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.trigger").ExitCode);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void Prune_deletes_only_our_files_and_leaves_hand_written_siblings_and_drop_ins()
    {
        var config = _systemd.ShareFile("prune.yaml", "jobs:\n  - { name: sm.gone, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n");
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);
        var units = _systemd.SystemUnitDirectory;
        File.WriteAllText(Path.Combine(units, "sm.gone.timer"), "[Timer]\nOnCalendar=daily\n");
        File.WriteAllText(Path.Combine(units, "sm.gone.socket"), "[Socket]\nListenStream=/run/sm-gone.sock\n");
        File.WriteAllText(Path.Combine(units, "sm.gone-extra.socket"), "[Socket]\nListenStream=/run/sm-gone-extra.sock\nService=sm.gone.service\n");
        Directory.CreateDirectory(Path.Combine(units, "sm.gone.service.d"));
        File.WriteAllText(Path.Combine(units, "sm.gone.service.d", "10-local.conf"), "[Service]\nNice=5\n");
        Assert.Equal(0, _systemd.Inside("systemctl", "daemon-reload").ExitCode);

        _systemd.ShareFile("prune.yaml", "jobs: []\n");
        var (pruned, output) = _systemd.Svcmgmt("apply", config, "--prune");
        Assert.True(pruned == 0, output);
        Assert.False(File.Exists(Path.Combine(units, "sm.gone.service")));
        Assert.All(new[] { "sm.gone.timer", "sm.gone.socket", "sm.gone-extra.socket", "sm.gone.service.d/10-local.conf" }, f => Assert.True(File.Exists(Path.Combine(units, f)), f));
        Assert.Contains("sm.gone.timer was not written by ServiceManagement; removing sm.gone leaves it.", output, StringComparison.Ordinal);
        foreach (var file in new[] { "sm.gone.timer", "sm.gone.socket", "sm.gone-extra.socket" })
        {
            File.Delete(Path.Combine(units, file));
        }

        Directory.Delete(Path.Combine(units, "sm.gone.service.d"), recursive: true);
        _systemd.AssertHostUntouched();
    }

    /// <summary>systemd's own answers: no failed unit, no link to a unit that is not there, a manager that is not degraded.</summary>
    private void AssertNothingDangles()
    {
        Assert.Equal(string.Empty, _systemd.Inside("systemctl", "--failed", "--plain", "--no-legend").Output.Trim());
        Assert.DoesNotContain("not-found", _systemd.Inside("systemctl", "list-dependencies", "--all", "--plain", "timers.target", "multi-user.target").Output, StringComparison.Ordinal);
        Assert.Equal(0, _systemd.Inside("bash", "-c", "! find -L /etc/systemd/system -type l | grep .").ExitCode);
        Assert.NotEqual("degraded", _systemd.Inside("systemctl", "is-system-running").Output.Trim());
    }

    private int MainPid(string unit) => int.Parse(_systemd.Property(unit, "MainPID"), CultureInfo.InvariantCulture);

    private string[] Environ(int pid) => _systemd.Inside("cat", $"/proc/{pid}/environ").Output.Split('\0');
}

[Collection("real systemd")]
public sealed class DesiredStateOverBusTests : DesiredStateScenarios, IClassFixture<SystemdHarness>
{
    public DesiredStateOverBusTests(SystemdHarness systemd)
        : base(systemd, "bus")
    {
    }
}

[Collection("real systemd")]
public sealed class DesiredStateOverSystemctlTests : DesiredStateScenarios, IClassFixture<SystemdHarness>
{
    public DesiredStateOverSystemctlTests(SystemdHarness systemd)
        : base(systemd, "systemctl")
    {
    }
}
