using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// Scenarios against a real systemd (see <see cref="SystemdHarness"/>): svcmgmt changes things, and
/// systemd itself says whether they happened. Each runs twice: through systemd's D-Bus API and through
/// systemctl, the two ways svcmgmt reaches a manager.
/// </summary>
public abstract class RealSystemdScenarios
{
    private readonly SystemdHarness _systemd;

    protected RealSystemdScenarios(SystemdHarness systemd, string transport)
    {
        _systemd = systemd.Required(transport);
    }

    [RealSystemdFact]
    public void A_daemon_is_created_runs_stops_is_disabled_and_is_removed_without_a_trace()
    {
        _systemd.NewJobs("daemon.yaml", "  - { name: sm.daemon, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n", "--start");
        Assert.Equal("active", _systemd.Property("sm.daemon.service", "ActiveState"));
        Assert.True(int.Parse(_systemd.Property("sm.daemon.service", "MainPID"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("enabled", _systemd.Property("sm.daemon.service", "UnitFileState"));
        var status = _systemd.Status("sm.daemon");
        Assert.Equal("running", status.GetProperty("state").GetString());
        Assert.Equal(_systemd.Property("sm.daemon.service", "MainPID"), status.GetProperty("processId").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, _systemd.Svcmgmt("stop", "sm.daemon").ExitCode);
        Assert.Equal("inactive", _systemd.Property("sm.daemon.service", "ActiveState"));
        Assert.Equal(0, _systemd.Svcmgmt("disable", "sm.daemon").ExitCode);
        Assert.Equal("disabled", _systemd.Property("sm.daemon.service", "UnitFileState"));

        var (exitCode, output) = _systemd.Svcmgmt("remove", "sm.daemon");
        Assert.True(exitCode == 0, output);
        Assert.Empty(Directory.GetFiles(_systemd.SystemUnitDirectory, "sm.daemon*", SearchOption.AllDirectories));
        Assert.Equal("not-found", _systemd.Property("sm.daemon.service", "LoadState"));
        _systemd.AssertHostUntouched();
    }

    /// <summary>svcmgmt makes the plain [Install] links itself (EnableUnitFiles costs systemd about a millisecond a unit): the same links systemctl makes, which systemd reads as enabled.</summary>
    [RealSystemdFact]
    public void Install_links_are_the_ones_systemctl_enable_makes_and_systemd_reads_them_as_enabled()
    {
        var file = _systemd.ShareFile("links.yaml", "jobs:\n" +
            "  - { name: sm.links, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n" +
            "  - { name: sm.links.timed, kind: daemon, program: /bin/true, schedule: { every: 1h } }\n");
        _systemd.Inside("rm", "-f", "/run/sm-share/link-steps");
        var (created, output) = _systemd.Inside("env", "SVCMGMT_SYSTEMD_TRANSPORT=" + _systemd.Transport, "SVCMGMT_STEP_LOG=/run/sm-share/link-steps", "/run/svcmgmt/svcmgmt", "new", file);
        Assert.True(created == 0, output);
        var steps = _systemd.Inside("cat", "/run/sm-share/link-steps").Output;
        Assert.Contains("link /etc/systemd/system/multi-user.target.wants/sm.links.service", steps, StringComparison.Ordinal);
        Assert.Contains("link /etc/systemd/system/timers.target.wants/sm.links.timed.timer", steps, StringComparison.Ordinal);
        Assert.DoesNotContain("enable ", steps, StringComparison.Ordinal);
        Assert.Equal("enabled", _systemd.Property("sm.links.service", "UnitFileState"));
        Assert.Equal("enabled", _systemd.Property("sm.links.timed.timer", "UnitFileState"));
        string Link(string path) => _systemd.Inside("readlink", path).Output.Trim();
        var daemon = Link("/etc/systemd/system/multi-user.target.wants/sm.links.service");
        var timer = Link("/etc/systemd/system/timers.target.wants/sm.links.timed.timer");
        Assert.Equal(("/etc/systemd/system/sm.links.service", "/etc/systemd/system/sm.links.timed.timer"), (daemon, timer));

        // systemctl's own links, made again, are the same.
        var (reenabled, why) = _systemd.Inside("systemctl", "reenable", "sm.links.service", "sm.links.timed.timer");
        Assert.True(reenabled == 0, why);
        Assert.Equal((daemon, timer), (Link("/etc/systemd/system/multi-user.target.wants/sm.links.service"), Link("/etc/systemd/system/timers.target.wants/sm.links.timed.timer")));

        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.links", "sm.links.timed").ExitCode);
        _systemd.Inside("rm", "-f", "/run/sm-share/link-steps");
        Assert.Equal(string.Empty, Link("/etc/systemd/system/multi-user.target.wants/sm.links.service"));
    }

    [RealSystemdFact]
    public void New_refuses_an_existing_job_unless_forced_and_set_refuses_a_missing_one_even_forced()
    {
        _systemd.NewJobs("first.yaml", "  - { name: sm.force, kind: daemon, program: /bin/sleep, arguments: [\"1000\"], description: first }\n");
        var again = _systemd.ShareFile("second.yaml", "jobs:\n  - { name: sm.force, kind: daemon, program: /bin/sleep, arguments: [\"1000\"], description: second }\n");
        var (refused, why) = _systemd.Svcmgmt("new", again);
        Assert.Equal(2, refused);
        Assert.Contains("exists already", why, StringComparison.Ordinal);
        Assert.Equal("first", _systemd.Property("sm.force.service", "Description"));

        var (replaced, output) = _systemd.Svcmgmt("new", again, "--force");
        Assert.True(replaced == 0, output);
        Assert.Equal("second", _systemd.Property("sm.force.service", "Description"));

        var missing = _systemd.ShareFile("missing.yaml", "jobs:\n  - { name: sm.force.missing, kind: daemon, program: /bin/true }\n");
        Assert.Equal(2, _systemd.Svcmgmt("set", missing, "--force").ExitCode);
        Assert.Equal("not-found", _systemd.Property("sm.force.missing.service", "LoadState"));
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.force").ExitCode);
    }

    /// <summary>The profiles on a real systemd: a daemon runs under each, and what strict hides it cannot see or change.</summary>
    [RealSystemdFact]
    public void A_daemon_runs_under_the_basic_and_strict_sandboxes_and_strict_hides_homes_and_keeps_the_system_read_only()
    {
        Assert.Equal(0, _systemd.Inside("bash", "-c", $"mkdir -p /home/{SystemdHarness.TestUser}/visible").ExitCode);
        const string Probe = "if ls /home/" + SystemdHarness.TestUser + "/visible >/dev/null 2>&1; then echo homes-visible; else echo homes-hidden; fi; if touch /etc/sm-sandbox-probe 2>/dev/null; then echo etc-writable; else echo etc-read-only; fi; exec sleep 1000";
        _systemd.NewJobs("sandboxed.yaml",
            $"  - {{ name: sm.sandbox.strict, kind: daemon, program: /bin/sh, arguments: [-c, \"{Probe}\"], sandbox: strict }}\n" +
            $"  - {{ name: sm.sandbox.basic, kind: daemon, program: /bin/sh, arguments: [-c, \"{Probe}\"], sandbox: basic }}\n" +
            $"  - {{ name: sm.sandbox.none, kind: daemon, program: /bin/sh, arguments: [-c, \"{Probe}\"] }}\n",
            "--start");
        foreach (var (name, expected) in new[] { ("strict", "homes-hidden etc-read-only"), ("basic", "homes-visible etc-read-only"), ("none", "homes-visible etc-writable") })
        {
            SystemdHarness.Eventually(() => _systemd.Svcmgmt("logs", "sm.sandbox." + name).Output.Contains(expected.Split(' ')[1], StringComparison.Ordinal), $"the {name} probe's report");
            var log = _systemd.Svcmgmt("logs", "sm.sandbox." + name).Output;
            Assert.All(expected.Split(' '), word => Assert.Contains(word, log, StringComparison.Ordinal));
            Assert.Equal("active", _systemd.Property($"sm.sandbox.{name}.service", "ActiveState"));
        }

        // systemd's analyser, online, through svcmgmt security: the profiles' exposures, lowest for strict.
        var (exitCode, json, error) = _systemd.SvcmgmtApart("security", "sm.sandbox.strict", "sm.sandbox.basic", "sm.sandbox.none", "--json");
        Assert.True(exitCode == 0, error);
        var reports = System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r);
        var exposure = reports.ToDictionary(r => r.Key, r => r.Value.GetProperty("exposure").GetDouble());
        Assert.True(exposure["sm.sandbox.strict"] <= 2.5 && exposure["sm.sandbox.basic"] <= 5.0 && exposure["sm.sandbox.none"] > 9, string.Join(", ", exposure));
        Assert.Contains(reports["sm.sandbox.none"].GetProperty("findings").EnumerateArray(), f => f.GetProperty("setting").GetString() == "PrivateNetwork=");
        Assert.StartsWith("systemd-analyze security --no-pager sm.sandbox.strict.service", reports["sm.sandbox.strict"].GetProperty("source").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.sandbox.strict", "sm.sandbox.basic", "sm.sandbox.none").ExitCode);
        _systemd.Inside("rm", "-f", "/etc/sm-sandbox-probe");
        _systemd.AssertHostUntouched();
    }

    /// <summary>
    /// The sandbox by capability, judged by what each daemon itself could do (its own report, read back through
    /// svcmgmt logs): open a TCP connection to a listener on the namespace's loopback, write where it may and may
    /// not, and which uid it runs as.
    /// </summary>
    [RealSystemdFact]
    public void Capabilities_confine_a_daemon_to_what_they_say()
    {
        var listener = _systemd.Inside("systemd-run", "--unit=sm-listener", "/usr/bin/python3", "-m", "http.server", "8765", "--bind", "127.0.0.1");
        Assert.True(listener.ExitCode == 0, listener.Output);
        Assert.Equal(0, _systemd.Inside("mkdir", "-p", "/var/lib/sm-writable").ExitCode);
        SystemdHarness.Eventually(() => _systemd.Inside("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8765").ExitCode == 0, "the listener");
        const string Tcp = "if (exec 3<>/dev/tcp/127.0.0.1/8765) 2>/dev/null; then echo tcp-open; else echo tcp-blocked; fi";
        const string Files = "if touch /var/lib/sm-writable/probe 2>/dev/null; then echo writable-ok; else echo writable-denied; fi; if touch /var/tmp/sm-elsewhere 2>/dev/null; then echo elsewhere-written; else echo elsewhere-denied; fi";
        _systemd.NewJobs("confined.yaml",
            $"  - {{ name: sm.cap.offline, kind: daemon, program: /bin/bash, arguments: [-c, \"{Tcp}; exec sleep 1000\"], sandbox: {{ network: none }} }}\n" +
            $"  - {{ name: sm.cap.local, kind: daemon, program: /bin/bash, arguments: [-c, \"{Tcp}; exec sleep 1000\"], sandbox: {{ network: local }} }}\n" +
            $"  - {{ name: sm.cap.files, kind: daemon, program: /bin/bash, arguments: [-c, \"{Files}; exec sleep 1000\"], sandbox: {{ filesystem: {{ readOnly: true, writable: [/var/lib/sm-writable] }} }} }}\n" +
            "  - { name: sm.cap.dynamic, kind: daemon, program: /bin/bash, arguments: [-c, \"echo uid=$(id -u); exec sleep 1000\"], sandbox: { user: dynamic } }\n",
            "--start");

        string Report(string name, string marker)
        {
            SystemdHarness.Eventually(() => _systemd.Svcmgmt("logs", name).Output.Contains(marker, StringComparison.Ordinal), $"{name}'s report");
            return _systemd.Svcmgmt("logs", name).Output;
        }

        Assert.Contains("tcp-blocked", Report("sm.cap.offline", "tcp-"), StringComparison.Ordinal);
        Assert.Contains("tcp-open", Report("sm.cap.local", "tcp-"), StringComparison.Ordinal);
        var files = Report("sm.cap.files", "elsewhere-");
        Assert.Contains("writable-ok", files, StringComparison.Ordinal);
        Assert.Contains("elsewhere-denied", files, StringComparison.Ordinal);
        var uid = System.Text.RegularExpressions.Regex.Match(Report("sm.cap.dynamic", "uid="), "uid=([0-9]+)");
        Assert.True(uid.Success && uid.Groups[1].Value != "0", "the dynamic user's uid: " + uid.Value);

        // Read back from the units systemd runs, each job's sandbox is what was declared: no change to plan.
        var plan = _systemd.ShareFile("confined-plan.yaml", File.ReadAllText(Path.Combine(_systemd.Share, "confined.yaml")));
        Assert.Equal(0, _systemd.Svcmgmt("plan", plan).ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.cap.offline", "sm.cap.local", "sm.cap.files", "sm.cap.dynamic").ExitCode);
        _systemd.Inside("systemctl", "stop", "sm-listener");
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void An_agent_runs_in_its_users_own_manager()
    {
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        _systemd.NewJobs("agent.yaml", $"  - {{ name: sm.agent, kind: agent, scope: user, user: {SystemdHarness.TestUser}, program: /bin/sleep, arguments: [\"1000\"] }}\n", "--start");
        Assert.Equal("active", _systemd.Property("sm.agent.service", "ActiveState", user: true));
        var owner = _systemd.Inside("stat", "-c", "%u %a", $"/home/{SystemdHarness.TestUser}/.config/systemd/user/sm.agent.service").Output.Trim();
        Assert.Equal($"{SystemdHarness.TestUserId} 644", owner);
        Assert.Equal("running", _systemd.Status("sm.agent").GetProperty("state").GetString());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.agent").ExitCode);
        Assert.Equal("not-found", _systemd.Property("sm.agent.service", "LoadState", user: true));
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void A_scheduled_job_fires_from_its_timer()
    {
        _systemd.NewJobs("timer.yaml",
            "  - name: sm.tick\n    kind: daemon\n    program: /bin/sh\n    arguments: [-c, \"echo fired >> /run/sm-share/fired\"]\n    schedule: { every: 1s }\n    systemd: { Timer: { AccuracySec: 1ms } }\n",
            "--start");
        Assert.Equal("active", _systemd.Property("sm.tick.timer", "ActiveState"));
        SystemdHarness.Eventually(() => File.Exists(Path.Combine(_systemd.Share, "fired")), "the timer to run sm.tick.service");
        var status = _systemd.Status("sm.tick");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Undefined, status.GetProperty("nextRunAt").ValueKind);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.tick").ExitCode);
        Assert.Equal("not-found", _systemd.Property("sm.tick.timer", "LoadState"));
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void A_job_that_restarts_on_failure_comes_back_after_SIGKILL()
    {
        _systemd.NewJobs("restart.yaml", "  - { name: sm.phoenix, kind: daemon, program: /bin/sleep, arguments: [\"1000\"], restart: { policy: onFailure, delay: 100ms } }\n", "--start");
        var first = _systemd.Property("sm.phoenix.service", "MainPID");
        Assert.Equal("0", _systemd.Property("sm.phoenix.service", "NRestarts"));
        Assert.Equal(0, _systemd.Inside("kill", "-KILL", first).ExitCode);
        SystemdHarness.Eventually(
            () => _systemd.Property("sm.phoenix.service", "NRestarts") == "1" && _systemd.Property("sm.phoenix.service", "ActiveState") == "active",
            "systemd to restart sm.phoenix");
        Assert.NotEqual(first, _systemd.Property("sm.phoenix.service", "MainPID"));
        Assert.Equal(1, _systemd.Status("sm.phoenix").GetProperty("restartCount").GetInt32());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.phoenix").ExitCode);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void A_job_in_a_slow_start_up_command_is_reported_as_starting()
    {
        _systemd.NewJobs("slow.yaml", "  - { name: sm.slow, kind: daemon, program: /bin/sleep, arguments: [\"1000\"], systemd: { Service: { ExecStartPre: /bin/sleep 1000 } } }\n");
        Assert.Equal(0, _systemd.Inside("systemctl", "start", "--no-block", "sm.slow.service").ExitCode);
        SystemdHarness.Eventually(() => _systemd.Property("sm.slow.service", "SubState") == "start-pre", "sm.slow to run its ExecStartPre");
        var status = _systemd.Status("sm.slow");
        Assert.Equal("starting", status.GetProperty("state").GetString());
        Assert.Equal("activating (start-pre)", status.GetProperty("nativeState").GetString());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.slow").ExitCode);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void A_login_item_is_written_and_started_by_the_autostart_target()
    {
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        _systemd.NewJobs("login.yaml", $"  - {{ name: sm.login, kind: loginItem, scope: user, user: {SystemdHarness.TestUser}, program: /bin/sleep, arguments: [\"1000\"] }}\n");
        var path = $"/home/{SystemdHarness.TestUser}/.config/autostart/sm.login.desktop";
        Assert.Equal($"{SystemdHarness.TestUserId} 644", _systemd.Inside("stat", "-c", "%u %a", path).Output.Trim());

        // systemd-xdg-autostart-generator turns the entry into a unit when the user manager reloads, and
        // xdg-desktop-autostart.target starts it when a desktop session asks for it, as sm-session.target does here.
        var user = new[] { "runuser", "-u", SystemdHarness.TestUser, "--", "env", $"XDG_RUNTIME_DIR=/run/user/{SystemdHarness.TestUserId}", "systemctl", "--user" };
        var session = $"/home/{SystemdHarness.TestUser}/.config/systemd/user/sm-session.target";
        Assert.Equal(0, _systemd.Inside("runuser", "-u", SystemdHarness.TestUser, "--", "sh", "-c", $"mkdir -p $(dirname {session}) && printf '[Unit]\nWants=xdg-desktop-autostart.target\n' > {session}").ExitCode);
        Assert.Equal(0, _systemd.Inside(user.Concat(new[] { "daemon-reload" }).ToArray()).ExitCode);
        var start = _systemd.Inside(user.Concat(new[] { "start", "sm-session.target" }).ToArray());
        Assert.True(start.ExitCode == 0, start.Output);
        SystemdHarness.Eventually(() => _systemd.Property("app-sm.login@autostart.service", "ActiveState", user: true) == "active", "the autostart unit of sm.login to run");
        Assert.Equal("running", _systemd.Status("sm.login").GetProperty("state").GetString());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.login").ExitCode);
        Assert.Equal(1, _systemd.Inside("test", "-e", path).ExitCode);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void List_shows_our_jobs_as_managed_beside_everything_else()
    {
        _systemd.NewJobs("listed.yaml", "  - { name: sm.listed, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n");
        var (exitCode, output) = _systemd.Svcmgmt("list", "--json");
        Assert.True(exitCode == 0, output);
        var jobs = System.Text.Json.JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        var listed = jobs.Single(j => j.GetProperty("name").GetString() == "sm.listed");
        Assert.True(listed.GetProperty("managed").GetBoolean());
        Assert.Equal("stopped", listed.GetProperty("state").GetString());
        Assert.Contains(jobs, j => j.GetProperty("name").GetString() == "user@" && !j.GetProperty("managed").GetBoolean());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.listed").ExitCode);
    }

    [RealSystemdFact]
    public void Apply_converges_reports_drift_prunes_and_removes_what_is_absent()
    {
        const string Jobs =
            "  - { name: sm.ds.one, kind: daemon, program: /bin/sleep, arguments: [\"1001\"], description: one }\n" +
            "  - { name: sm.ds.two, kind: daemon, program: /bin/sleep, arguments: [\"1002\"], description: two }\n" +
            "  - { name: sm.ds.three, kind: daemon, program: /bin/sleep, arguments: [\"1003\"], description: three }\n";
        var config = _systemd.ShareFile("desired.yaml", "jobs:\n" + Jobs);
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);
        Assert.All(new[] { "one", "two", "three" }, n => Assert.Equal("active", _systemd.Property($"sm.ds.{n}.service", "ActiveState")));

        _systemd.ShareFile("desired.yaml", "jobs:\n" + Jobs.Replace("description: two", "description: second", StringComparison.Ordinal));
        var (planCode, planJson) = _systemd.Svcmgmt("plan", config, "--json");
        Assert.Equal(1, planCode);
        var changes = System.Text.Json.JsonDocument.Parse(planJson).RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("action").GetString() != "noChange")
            .Select(i => (i.GetProperty("name").GetString(), string.Join(",", i.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("property").GetString())))).ToList();
        Assert.Equal(new[] { ((string?)"sm.ds.two", "description") }, changes);
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("plan", config).ExitCode);
        Assert.Equal("second", _systemd.Property("sm.ds.two.service", "Description"));

        var unit = Path.Combine(_systemd.SystemUnitDirectory, "sm.ds.one.service");
        File.WriteAllText(unit, File.ReadAllText(unit).Replace("ExecStart=/bin/sleep 1001", "ExecStart=/bin/sleep 9999", StringComparison.Ordinal));
        var (driftCode, drift) = _systemd.Svcmgmt("plan", config);
        Assert.Equal(1, driftCode);
        Assert.Contains("~ arguments: [\"9999\"] -> [\"1001\"]", drift, StringComparison.Ordinal);
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);

        File.WriteAllText(Path.Combine(_systemd.SystemUnitDirectory, "sm.host.service"), "[Service]\nExecStart=/bin/sleep 1000\n");
        Assert.Equal(0, _systemd.Inside("systemctl", "daemon-reload").ExitCode);
        _systemd.ShareFile("desired.yaml", "jobs:\n" + string.Join("\n", Jobs.Split('\n').Take(2)) + "\n");
        var (pruneCode, pruned) = _systemd.Svcmgmt("apply", config, "--prune");
        Assert.True(pruneCode == 0, pruned);
        Assert.Equal("not-found", _systemd.Property("sm.ds.three.service", "LoadState"));
        Assert.True(File.Exists(Path.Combine(_systemd.SystemUnitDirectory, "sm.host.service")));
        Assert.Equal("loaded", _systemd.Property("sm.host.service", "LoadState"));

        _systemd.ShareFile("desired.yaml", "jobs:\n" + Jobs.Split('\n')[0] + "\n  - { name: sm.ds.two, kind: daemon, program: /bin/sleep, ensure: absent }\n");
        Assert.Equal(0, _systemd.Svcmgmt("apply", config).ExitCode);
        Assert.Equal("not-found", _systemd.Property("sm.ds.two.service", "LoadState"));
        Assert.Equal("active", _systemd.Property("sm.ds.one.service", "ActiveState"));
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.ds.one").ExitCode);
        File.Delete(Path.Combine(_systemd.SystemUnitDirectory, "sm.host.service"));
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void The_dsc_verbs_converge_a_job_against_real_systemd()
    {
        const string Instance = "{\"name\":\"sm.dsc\",\"kind\":\"daemon\",\"program\":\"/bin/sleep\",\"arguments\":[\"1000\"],\"description\":\"first\"}";
        var (setCode, set) = _systemd.Svcmgmt("dsc", "set", "--input", Instance);
        Assert.True(setCode == 0, set);
        Assert.Equal("active", _systemd.Property("sm.dsc.service", "ActiveState"));
        var test = _systemd.Svcmgmt("dsc", "test", "--input", Instance).Output.Split('\n');
        Assert.True(System.Text.Json.JsonDocument.Parse(test[0]).RootElement.GetProperty("_inDesiredState").GetBoolean());

        var changed = Instance.Replace("first", "second", StringComparison.Ordinal);
        Assert.Equal("[\"description\"]", _systemd.Svcmgmt("dsc", "test", "--input", changed).Output.Split('\n')[1]);
        Assert.Equal(0, _systemd.Svcmgmt("dsc", "set", "--input", changed).ExitCode);
        Assert.Equal("second", _systemd.Property("sm.dsc.service", "Description"));

        Assert.Equal(0, _systemd.Svcmgmt("dsc", "set", "--input", changed.Replace("}", ",\"_exist\":false}", StringComparison.Ordinal)).ExitCode);
        Assert.Equal("not-found", _systemd.Property("sm.dsc.service", "LoadState"));
        var got = _systemd.Svcmgmt("dsc", "get", "--input", Instance).Output;
        Assert.False(System.Text.Json.JsonDocument.Parse(got).RootElement.GetProperty("_exist").GetBoolean());
        _systemd.AssertHostUntouched();
    }
}

[Collection("real systemd")]
public sealed class RealSystemdOverBusTests : RealSystemdScenarios, IClassFixture<SystemdHarness>
{
    public RealSystemdOverBusTests(SystemdHarness systemd)
        : base(systemd, "bus")
    {
    }
}

[Collection("real systemd")]
public sealed class RealSystemdOverSystemctlTests : RealSystemdScenarios, IClassFixture<SystemdHarness>
{
    public RealSystemdOverSystemctlTests(SystemdHarness systemd)
        : base(systemd, "systemctl")
    {
    }
}
