using System.Globalization;
using System.Text.Json;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// What the D-Bus path promises, judged by systemd: no process is run for what the API offers, both paths
/// report the same status, a failed job is named with systemd's result, and the choice of path falls back
/// to systemctl exactly where the private socket is not the caller's to use.
/// </summary>
[Collection("real systemd")]
public sealed class SystemdBusOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    private const string Trap = "/run/sm-share/trap";
    private readonly SystemdHarness _systemd;

    public SystemdBusOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();
    }

    /// <summary>
    /// svcmgmt with PATH holding only programs that log their call and fail: the verbs that reach systemd
    /// must neither run systemctl (or runuser) nor need to. The transport is left to choose (auto).
    /// </summary>
    private (int ExitCode, string Output) Trapped(params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(_systemd.Share, "trap")))
        {
            Directory.CreateDirectory(Path.Combine(_systemd.Share, "trap"));
            foreach (var program in new[] { "systemctl", "runuser", "loginctl", "env", "busctl" })
            {
                _systemd.ShareFile("trap/" + program, $"#!/bin/sh\necho \"{program} $*\" >> {Trap}/calls\nexit 99\n");
            }

            Assert.Equal(0, _systemd.Inside("sh", "-c", $"chmod 755 {Trap}/*").ExitCode);
        }

        return _systemd.Inside(new[] { "/usr/bin/env", "-i", "PATH=" + Trap, "/run/svcmgmt/svcmgmt" }.Concat(arguments).ToArray());
    }

    private string TrappedCalls => File.Exists(Path.Combine(_systemd.Share, "trap", "calls")) ? File.ReadAllText(Path.Combine(_systemd.Share, "trap", "calls")) : string.Empty;

    [RealSystemdFact]
    public void Creating_controlling_reading_and_removing_jobs_runs_no_process_for_the_system_and_a_users_manager()
    {
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        var file = _systemd.ShareFile("quiet.yaml",
            "jobs:\n" +
            "  - { name: sm.quiet, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n" +
            "  - { name: sm.quiet.tick, kind: daemon, program: /bin/true, schedule: { every: 1h } }\n" +
            $"  - {{ name: sm.quiet.agent, kind: agent, scope: user, user: {SystemdHarness.TestUser}, program: /bin/sleep, arguments: [\"1000\"] }}\n");

        void Step(params string[] arguments)
        {
            var (exitCode, output) = Trapped(arguments);
            Assert.True(exitCode == 0, $"svcmgmt {string.Join(' ', arguments)}: {output}");
        }

        Step("new", file, "--start");
        Assert.Equal("active", _systemd.Property("sm.quiet.service", "ActiveState"));
        Assert.Equal("active", _systemd.Property("sm.quiet.tick.timer", "ActiveState"));
        Assert.Equal("active", _systemd.Property("sm.quiet.agent.service", "ActiveState", user: true));
        Assert.Equal("enabled", _systemd.Property("sm.quiet.service", "UnitFileState"));

        Step("status", "sm.quiet*");
        Step("restart", "sm.quiet", "sm.quiet.agent");
        Step("stop", "sm.quiet", "sm.quiet.agent");
        Assert.Equal("inactive", _systemd.Property("sm.quiet.service", "ActiveState"));
        Assert.Equal("inactive", _systemd.Property("sm.quiet.agent.service", "ActiveState", user: true));
        Step("disable", "sm.quiet");
        Assert.Equal("disabled", _systemd.Property("sm.quiet.service", "UnitFileState"));
        Step("enable", "sm.quiet");
        Assert.Equal("enabled", _systemd.Property("sm.quiet.service", "UnitFileState"));
        Step("start", "sm.quiet");
        Assert.Equal("active", _systemd.Property("sm.quiet.service", "ActiveState"));
        Step("apply", file, "--prune");
        Step("remove", "sm.quiet*");
        Assert.Equal("not-found", _systemd.Property("sm.quiet.service", "LoadState"));
        Assert.Equal("not-found", _systemd.Property("sm.quiet.agent.service", "LoadState", user: true));

        Assert.Equal(string.Empty, TrappedCalls);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void Both_paths_report_the_same_status_and_systemd_agrees()
    {
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        _systemd.NewJobs("same.yaml",
            "  - { name: sm.same.run, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n" +
            "  - { name: sm.same.tick, kind: daemon, program: /bin/true, schedule: { every: 1h } }\n" +
            "  - { name: sm.same.idle, kind: daemon, program: /bin/true, startupType: manual }\n" +
            $"  - {{ name: sm.same.agent, kind: agent, scope: user, user: {SystemdHarness.TestUser}, program: /bin/sleep, arguments: [\"1000\"] }}\n",
            "--start");
        Assert.Equal(0, _systemd.Inside("sh", "-c", "printf '[Service]\\nType=oneshot\\nExecStart=/bin/sh -c \"exit 7\"\\n' > /etc/systemd/system/sm.same.fail.service && systemctl daemon-reload").ExitCode);
        _systemd.Inside("systemctl", "start", "sm.same.fail.service");

        JsonElement[] StatusOver(string transport)
        {
            var (exitCode, output) = _systemd.Inside("env", "SVCMGMT_SYSTEMD_TRANSPORT=" + transport, "/run/svcmgmt/svcmgmt", "status", "sm.same*", "--json");
            Assert.True(exitCode == 0, output);
            return JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        }

        var bus = StatusOver("bus");
        var systemctl = StatusOver("systemctl");
        Assert.Equal(5, bus.Length);
        for (var i = 0; i < bus.Length; i++)
        {
            // A running process's memory and CPU time move between the two readings: both paths must give them,
            // their values may differ; every other field must be the same.
            static string Field(JsonProperty p) => p.Name is "memoryBytes" or "cpuTime" ? p.Name + "=(given)" : $"{p.Name}={p.Value}";
            var busFields = bus[i].EnumerateObject().Where(p => p.Name != "nextRunAt").Select(Field);
            var systemctlFields = systemctl[i].EnumerateObject().Where(p => p.Name != "nextRunAt").Select(Field);
            Assert.Equal(string.Join(", ", systemctlFields), string.Join(", ", busFields));
            if (systemctl[i].TryGetProperty("nextRunAt", out var next))
            {
                // A monotonic timer's next run is turned into wall-clock time as each reading is taken.
                var apart = bus[i].GetProperty("nextRunAt").GetDateTimeOffset() - next.GetDateTimeOffset();
                Assert.True(apart.Duration() < TimeSpan.FromSeconds(2), $"nextRunAt {apart} apart");
            }
        }

        var run = bus.Single(s => s.GetProperty("name").GetString() == "sm.same.run");
        Assert.Equal(_systemd.Property("sm.same.run.service", "MainPID"), run.GetProperty("processId").GetInt32().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(_systemd.Property("sm.same.run.service", "TasksCurrent"), run.GetProperty("taskCount").GetInt32().ToString(CultureInfo.InvariantCulture));
        var fail = bus.Single(s => s.GetProperty("name").GetString() == "sm.same.fail");
        Assert.Equal("failed", fail.GetProperty("state").GetString());
        Assert.Equal(7, fail.GetProperty("lastExitCode").GetInt32());
        Assert.Equal("running", bus.Single(s => s.GetProperty("name").GetString() == "sm.same.agent").GetProperty("state").GetString());

        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.same.run", "sm.same.tick", "sm.same.idle", "sm.same.agent").ExitCode);
        _systemd.Inside("sh", "-c", "rm /etc/systemd/system/sm.same.fail.service && systemctl reset-failed && systemctl daemon-reload");
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void A_start_that_fails_is_an_error_naming_systemds_result_and_stopping_twice_is_done()
    {
        _systemd.NewJobs("fails.yaml", "  - { name: sm.fails, kind: daemon, program: /bin/sh, arguments: [-c, \"exit 3\"], startupType: manual, systemd: { Service: { Type: oneshot } } }\n");
        var (exitCode, _, error) = _systemd.SvcmgmtApart("start", "sm.fails");
        Assert.Equal(3, exitCode);
        Assert.Contains("the job for sm.fails.service ended \"failed\"", error, StringComparison.Ordinal);
        Assert.Equal("failed", _systemd.Property("sm.fails.service", "ActiveState"));

        Assert.Equal(0, _systemd.Svcmgmt("stop", "sm.fails").ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("stop", "sm.fails").ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.fails").ExitCode);
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void A_user_reaches_their_own_manager_by_the_bus_and_the_system_manager_only_through_systemctl()
    {
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service", "dbus.service").ExitCode);
        _systemd.NewJobs("own.yaml", $"  - {{ name: sm.own, kind: agent, scope: user, user: {SystemdHarness.TestUser}, program: /bin/sleep, arguments: [\"1000\"] }}\n", "--start");
        string[] AsTestUser(string transport, string name) =>
            new[] { "runuser", "-u", SystemdHarness.TestUser, "--", "env", $"XDG_RUNTIME_DIR=/run/user/{SystemdHarness.TestUserId}", "SVCMGMT_SYSTEMD_TRANSPORT=" + transport, "/run/svcmgmt/svcmgmt", "status", name, "--json" };

        var own = _systemd.Inside(AsTestUser("bus", "sm.own"));
        Assert.True(own.ExitCode == 0, own.Output);
        Assert.Equal("running", JsonDocument.Parse(own.Output).RootElement[0].GetProperty("state").GetString());

        _systemd.NewJobs("theirs.yaml", "  - { name: sm.theirs, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n", "--start");
        var refused = _systemd.Inside(AsTestUser("bus", "sm.theirs"));
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("only root may use the system manager's private socket", refused.Output, StringComparison.Ordinal);
        var fallback = _systemd.Inside(AsTestUser("auto", "sm.theirs"));
        Assert.True(fallback.ExitCode == 0, fallback.Output);
        Assert.Equal("running", JsonDocument.Parse(fallback.Output).RootElement[0].GetProperty("state").GetString());

        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.own", "sm.theirs").ExitCode);
        _systemd.AssertHostUntouched();
    }
}
