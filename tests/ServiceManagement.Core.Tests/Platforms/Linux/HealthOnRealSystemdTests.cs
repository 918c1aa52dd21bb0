using System.Text.Json;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// Health and logs on a real systemd (with its journald): what <c>svcmgmt status</c> and <c>svcmgmt logs</c>
/// report, against what the jobs themselves do — allocate and spin, print and fail, fire from a timer.
/// </summary>
[Collection("real systemd")]
public sealed class HealthOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    /// <summary>Grows by a mebibyte and spins for 50 ms, over and over: memory and CPU time both keep rising.</summary>
    private const string Hungry = "import time\nheld = []\nwhile True:\n    held.append(bytearray(1 << 20))\n    start = time.time()\n    while time.time() - start < 0.05:\n        pass\n";

    private readonly SystemdHarness _systemd;

    public HealthOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();
    }

    private JsonElement[] Statuses(params string[] arguments)
    {
        var (exitCode, output, error) = _systemd.SvcmgmtApart(new[] { "status", "--json" }.Concat(arguments).ToArray());
        Assert.True(exitCode == 0, error);
        return JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
    }

    private JsonElement Status(string name) => Assert.Single(Statuses(name));

    private static long? Number(JsonElement status, string property) =>
        status.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static double? Seconds(JsonElement status) =>
        status.TryGetProperty("cpuTime", out var value) && value.ValueKind == JsonValueKind.String ? TimeSpan.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture).TotalSeconds : null;

    [RealSystemdFact]
    public void A_daemon_that_allocates_and_spins_shows_memory_and_cpu_time_growing_and_its_tasks()
    {
        _systemd.ShareFile("hungry.py", Hungry);
        _systemd.NewJobs("hungry.yaml", "  - { name: sm.health.hungry, kind: daemon, program: /usr/bin/python3, arguments: [/run/sm-share/hungry.py] }\n", "--start");
        var first = Status("sm.health.hungry");
        Assert.Equal("running", first.GetProperty("state").GetString());
        Assert.Equal("running", first.GetProperty("runState").GetString());
        Assert.Equal("daemon", first.GetProperty("kind").GetString());
        Assert.True(Number(first, "memoryBytes") > 0, first.ToString());
        Assert.True(Seconds(first) is not null, first.ToString());
        Assert.True(Number(first, "taskCount") >= 1, first.ToString());

        SystemdHarness.Eventually(() =>
        {
            var later = Status("sm.health.hungry");
            return Number(later, "memoryBytes") > Number(first, "memoryBytes") && Seconds(later) > Seconds(first);
        }, "memory and CPU time to grow");

        // Every job, the running ones, largest memory first: the hungry daemon, which allocates a MiB every 50 ms,
        // comes to lead (journald holds about 10 MB).
        SystemdHarness.Eventually(() => Statuses("--running", "--sort", "memory")[0].GetProperty("name").GetString() == "sm.health.hungry", "the hungry daemon to lead by memory");
        var all = Statuses();
        Assert.Contains(all, s => s.GetProperty("name").GetString() == "sm.health.hungry");
        var running = Statuses("--running", "--sort", "memory");
        Assert.All(running, s => Assert.Equal("running", s.GetProperty("state").GetString()));
        Assert.True(running.Length < all.Length);
        var memories = running.Select(s => Number(s, "memoryBytes") ?? -1).ToList();
        Assert.Equal(memories.OrderByDescending(m => m), memories);
        Assert.Equal("sm.health.hungry", running[0].GetProperty("name").GetString());

        var table = _systemd.Svcmgmt("status", "sm.health.hungry").Output;
        Assert.Contains("MiB", table, StringComparison.Ordinal);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.health.hungry").ExitCode);
    }

    [RealSystemdFact]
    public void Jobs_started_by_a_timer_or_a_socket_read_as_running_while_their_trigger_is_armed_and_the_timer_gives_its_next_run()
    {
        // Status reads each job's outline (its files, not their contents): the trigger is found from them.
        _systemd.NewJobs("triggered.yaml",
            "  - { name: sm.health.timed, kind: daemon, program: /bin/true, schedule: { every: 1h } }\n"
            + "  - { name: sm.health.socket, kind: daemon, program: /bin/cat, sockets: [{ name: main, protocol: unix, path: /run/sm-health.sock }] }\n", "--start");
        var timed = Status("sm.health.timed");
        Assert.Equal("running", timed.GetProperty("runState").GetString());
        Assert.True(timed.GetProperty("triggerActive").GetBoolean(), timed.ToString());
        var next = DateTimeOffset.Parse(timed.GetProperty("nextRunAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        // systemd's own answer: list-timers' NEXT column ("Mon 2026-12-07 14:10:00 UTC").
        var listed = _systemd.Inside("systemctl", "list-timers", "--all", "--no-legend", "sm.health.timed.timer").Output.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var systemdNext = DateTimeOffset.Parse(listed[1] + "T" + listed[2] + "Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((next - systemdNext).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.InRange(next, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1).AddMinutes(1));

        var socket = Status("sm.health.socket");
        Assert.Equal("running", socket.GetProperty("runState").GetString());
        Assert.True(socket.GetProperty("triggerActive").GetBoolean(), socket.ToString());
        Assert.Equal("active", _systemd.Inside("systemctl", "show", "--value", "-p", "ActiveState", "sm.health.socket.socket").Output.Trim());

        _systemd.Inside("systemctl", "stop", "sm.health.timed.timer", "sm.health.socket.socket");
        Assert.Equal("stopped", Status("sm.health.timed").GetProperty("runState").GetString());
        Assert.Equal("stopped", Status("sm.health.socket").GetProperty("runState").GetString());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.health.timed", "sm.health.socket").ExitCode);
    }

    [RealSystemdFact]
    public void A_daemon_that_prints_and_exits_3_shows_its_lines_its_exit_and_failed()
    {
        _systemd.NewJobs("failing.yaml", "  - { name: sm.health.fails, kind: daemon, program: /bin/sh, arguments: [-c, \"echo first-line; echo second-line >&2; exit 3\"], restart: { policy: never } }\n", "--start");
        SystemdHarness.Eventually(() => Status("sm.health.fails").GetProperty("state").GetString() == "failed", "the daemon to fail");
        var status = Status("sm.health.fails");
        Assert.Equal(3, Number(status, "lastExitCode"));
        Assert.Equal("exited with 3 (not implemented)", status.GetProperty("exitReason").GetString());

        SystemdHarness.Eventually(() => _systemd.Svcmgmt("logs", "sm.health.fails").Output.Contains("second-line", StringComparison.Ordinal), "the journal to hold the daemon's lines");
        var (exitCode, json, error) = _systemd.SvcmgmtApart("logs", "sm.health.fails", "--json");
        Assert.True(exitCode == 0, error);
        var log = Assert.Single(JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray());
        var messages = log.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.True(messages.IndexOf("first-line") >= 0 && messages.IndexOf("first-line") < messages.IndexOf("second-line"), string.Join(" | ", messages));
        Assert.All(log.GetProperty("entries").EnumerateArray(), e => Assert.Equal("journal", e.GetProperty("source").GetString()));
        Assert.StartsWith("the journal (journalctl", log.GetProperty("sources")[0].GetString(), StringComparison.Ordinal);

        var tail = _systemd.Svcmgmt("logs", "sm.health.fails", "-n", "1").Output;
        Assert.DoesNotContain("first-line", tail, StringComparison.Ordinal);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.health.fails").ExitCode);
    }

    [RealSystemdFact]
    public void A_job_without_entries_says_where_its_log_would_be()
    {
        _systemd.NewJobs("quiet.yaml", "  - { name: sm.health.quiet, kind: daemon, program: /bin/true, standardOutputPath: /var/tmp/sm-quiet.log, startupType: manual }\n");
        var output = _systemd.Svcmgmt("logs", "sm.health.quiet").Output;
        Assert.Contains("sm.health.quiet has no log entries; it logs to: the journal (journalctl", output, StringComparison.Ordinal);
        Assert.Contains("/var/tmp/sm-quiet.log", output, StringComparison.Ordinal);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.health.quiet").ExitCode);
    }

    [RealSystemdFact]
    public void An_agent_of_the_test_user_shows_its_memory_and_its_journal()
    {
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        _systemd.NewJobs("agent.yaml", $"  - {{ name: sm.health.agent, kind: agent, scope: user, user: {SystemdHarness.TestUser}, program: /bin/sh, arguments: [-c, \"echo agent-says-hello; exec sleep 1000\"] }}\n", "--start");
        var status = Status("sm.health.agent");
        Assert.Equal("running", status.GetProperty("state").GetString());
        Assert.Equal(SystemdHarness.TestUser, status.GetProperty("user").GetString());
        Assert.True(Number(status, "memoryBytes") > 0, status.ToString());
        SystemdHarness.Eventually(() => _systemd.Svcmgmt("logs", "sm.health.agent").Output.Contains("agent-says-hello", StringComparison.Ordinal), "the agent's line in the journal");
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.health.agent").ExitCode);
    }

    [RealSystemdFact]
    public void A_timer_job_shows_its_last_and_next_run()
    {
        _systemd.NewJobs("tick.yaml", "  - name: sm.health.tick\n    kind: daemon\n    program: /bin/true\n    schedule: { every: 1s }\n    systemd: { Timer: { AccuracySec: 1ms } }\n", "--start");
        SystemdHarness.Eventually(() => Status("sm.health.tick").TryGetProperty("lastRunAt", out var last) && last.ValueKind == JsonValueKind.String, "the timer's first run");
        var status = Status("sm.health.tick");
        var lastRun = status.GetProperty("lastRunAt").GetDateTimeOffset();
        var nextRun = status.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.True(nextRun >= lastRun, status.ToString());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.health.tick").ExitCode);
        _systemd.AssertHostUntouched();
    }
}
