using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms;

/// <summary>
/// The readers behind status and logs, on recorded output in the formats their manuals give: journalctl's
/// JSON, /proc/PID/status and stat (proc(5)), macOS's ps and log show, wevtutil's rendered XML.
/// </summary>
public sealed class HealthReadersTests : IDisposable
{
    private readonly FakeRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Journal_json_becomes_entries_with_time_level_and_text_even_when_the_message_is_bytes()
    {
        var output =
            "{\"__REALTIME_TIMESTAMP\":\"1795995738012665\",\"PRIORITY\":\"6\",\"MESSAGE\":\"hello \\\"there\\\"\",\"_SYSTEMD_UNIT\":\"x.service\"}\n" +
            "{\"__REALTIME_TIMESTAMP\":\"1795995739000000\",\"PRIORITY\":\"3\",\"MESSAGE\":[104,105,255]}\n" +
            "{\"__REALTIME_TIMESTAMP\":\"1795995740000000\",\"PRIORITY\":\"4\",\"MESSAGE\":\"careful\"}\n" +
            "-- No entries --\n";
        var entries = JournalReader.Parse(output);
        Assert.Equal(new[] { "hello \"there\"", "hi\uFFFD", "careful" }, entries.Select(e => e.Message));
        Assert.Equal(new[] { "info", "error", "warning" }, entries.Select(e => e.Level));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795995738012), entries[0].Time);
        Assert.All(entries, e => Assert.Equal("journal", e.Source));
    }

    [Fact]
    public void Journalctl_reads_a_system_unit_by_unit_and_an_agent_by_its_users_fields()
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        Assert.Equal("journalctl --output=json --no-pager --quiet --lines=5 --unit=x.service",
            JournalReader.Command("x.service", userUnit: false, userId: null, new LogQuery { Tail = 5 }).ToString());
        Assert.Equal("journalctl --output=json --no-pager --quiet --since=@1800000000 _SYSTEMD_USER_UNIT=x.service _UID=4242 + USER_UNIT=x.service _UID=4242",
            JournalReader.Command("x.service", userUnit: true, userId: 4242, new LogQuery { Since = since }).ToString());
    }

    [Fact]
    public void Proc_fills_memory_cpu_and_threads_the_manager_did_not_account()
    {
        _root.Write("/proc/321/status", "Name:\tpython3\nState:\tR (running)\nVmRSS:\t   20480 kB\nThreads:\t3\n");
        _root.Write("/proc/321/stat", "321 (a (tricky) name) R 1 321 321 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 3 0 100 1000 5000\n");
        var status = ProcessTable.Fill(new BackgroundJobStatus("x", JobState.Running) { ProcessId = 321, MemoryBytes = 4096 }, _root.Of("/proc"));
        Assert.Equal(4096, status.MemoryBytes);
        Assert.Equal(TimeSpan.FromSeconds(3), status.CpuTime);
        Assert.Equal(3, status.TaskCount);

        var gone = new BackgroundJobStatus("y", JobState.Running) { ProcessId = 999 };
        Assert.Same(gone, ProcessTable.Fill(gone, _root.Of("/proc")));
    }

    [Fact]
    public void Systemctl_properties_give_the_exit_in_words_tasks_and_the_last_run()
    {
        var clock = new Clock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), TimeSpan.FromHours(3));
        var service = new Dictionary<string, string>
        {
            ["LoadState"] = "loaded", ["ActiveState"] = "failed", ["SubState"] = "failed", ["Result"] = "exit-code",
            ["ExecMainCode"] = "1", ["ExecMainStatus"] = "203", ["TasksCurrent"] = "[not set]", ["MainPID"] = "0",
        };
        var timer = new Dictionary<string, string> { ["LastTriggerUSec"] = "Sun 2026-11-29 23:50:54 UTC", ["LastTriggerUSecMonotonic"] = "2h 59min" };
        var status = SystemdStatus.ToStatus("x", service, timer, clock);
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal("exited with 203 (EXEC: program could not be run)", status.ExitReason);
        Assert.Null(status.TaskCount);
        Assert.Equal(clock.Now - TimeSpan.FromMinutes(1), status.LastRunAt);

        var killed = SystemdStatus.ToStatus("x", new Dictionary<string, string> { ["LoadState"] = "loaded", ["ActiveState"] = "failed", ["Result"] = "timeout", ["ExecMainCode"] = "2", ["ExecMainStatus"] = "9", ["TasksCurrent"] = "4" }, null, clock);
        Assert.Equal("killed by SIGKILL; timeout", killed.ExitReason);
        Assert.Equal(4, killed.TaskCount);
        Assert.Null(killed.LastExitCode);
    }

    [Theory]
    [InlineData("  512  2048   0:01.50", 512, 2048L * 1024, 1.5)]
    [InlineData("77 100 125:03.52", 77, 100L * 1024, (125 * 60) + 3.52)]
    [InlineData("78 1 1-02:03:04", 78, 1024L, 86400 + 7384)]
    public void Ps_lines_give_memory_and_cpu_time_by_process(string line, int pid, long memory, double seconds)
    {
        var (bytes, cpu) = ProcessFigures.Parse(line + "\ngarbage line\n")[pid];
        Assert.Equal(memory, bytes);
        Assert.Equal(seconds, cpu.TotalSeconds, 2);
    }

    [Fact]
    public void One_ps_call_fills_every_running_jobs_figures()
    {
        var runner = new FakeCommandRunner(c => c.Program == "ps" ? new CommandResult(1, "  10  400 0:00.25\n", string.Empty) : null);
        var statuses = ProcessFigures.Fill(new[]
        {
            new BackgroundJobStatus("a", JobState.Running) { ProcessId = 10 },
            new BackgroundJobStatus("b", JobState.Stopped),
            new BackgroundJobStatus("c", JobState.Running) { ProcessId = 11 },
        }, runner);
        Assert.Equal(new[] { "ps -o pid=,rss=,time= -p 10,11" }, runner.Lines);
        Assert.Equal(400 * 1024, statuses[0].MemoryBytes);
        Assert.Null(statuses[1].MemoryBytes);
        Assert.Null(statuses[2].CpuTime);
    }

    [Fact]
    public void Log_show_ndjson_becomes_entries_and_its_summary_line_is_skipped()
    {
        var output =
            "{\"timestamp\":\"2026-11-29 23:10:47.123456+0100\",\"messageType\":\"Default\",\"eventMessage\":\"started\",\"processImagePath\":\"/usr/local/bin/web\"}\n" +
            "{\"timestamp\":\"2026-11-29 23:10:48.000000+0100\",\"messageType\":\"Fault\",\"eventMessage\":\"crashed\"}\n" +
            "{\"count\":2,\"finished\":1}\n";
        var entries = UnifiedLog.Parse(output, tail: null);
        Assert.Equal(new[] { ("started", "info"), ("crashed", "error") }, entries.Select(e => (e.Message, e.Level)));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 22, 10, 47, 123, TimeSpan.Zero), entries[0].Time!.Value.ToUniversalTime().AddTicks(-(entries[0].Time!.Value.Ticks % TimeSpan.TicksPerMillisecond)));
        Assert.Equal("crashed", Assert.Single(UnifiedLog.Parse(output, tail: 1)).Message);
        Assert.Equal("log show --style ndjson --predicate 'process == \"web\"' --last 1d", UnifiedLog.Command("web", new LogQuery()).ToString());
    }

    [Fact]
    public void Wevtutil_rendered_xml_gives_the_services_own_events_oldest_first()
    {
        const string Event = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager'/><EventID>{0}</EventID><Level>{1}</Level><TimeCreated SystemTime='{2}'/></System><EventData><Data Name='param1'>{3}</Data><Data Name='param2'>x</Data></EventData><RenderingInfo Culture='en-US'><Message>{4}</Message></RenderingInfo></Event>\r\n";
        var output = string.Format(System.Globalization.CultureInfo.InvariantCulture, Event, 7036, 4, "2026-11-29T23:00:02.000Z", "My Web Service", "The My Web Service service entered the stopped state.")
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, Event, 7036, 4, "2026-11-29T23:00:01.500Z", "Other", "The Other service entered the running state.")
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, Event, 7031, 2, "2026-11-29T23:00:01.000Z", "My Web Service", "The My Web Service service terminated unexpectedly.");
        var entries = ServiceEventLog.Parse(output, new[] { "com.example.web", "My Web Service" }, tail: null);
        Assert.Equal(new[] { ("error", "The My Web Service service terminated unexpectedly."), ("info", "The My Web Service service entered the stopped state.") }, entries.Select(e => (e.Level, e.Message)));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 23, 0, 1, TimeSpan.Zero), entries[0].Time);
        Assert.Empty(ServiceEventLog.Parse("ERROR: The RPC server is unavailable.", new[] { "x" }, tail: null));
    }

    [Fact]
    public void Output_files_give_their_last_lines_and_a_missing_one_is_still_named()
    {
        _root.Write("/var/log/web.log", string.Join("\n", Enumerable.Range(1, 10).Select(i => "line " + i)) + "\n");
        var definition = new BackgroundJobDefinition("web", JobKind.Daemon, JobScope.System) { StandardOutputPath = _root.Of("/var/log/web.log"), StandardErrorPath = _root.Of("/var/log/web.err") };
        var sources = new List<string>();
        var entries = LogFiles.Read(definition, new LogQuery { Tail = 2 }, sources);
        Assert.Equal(new[] { "line 9", "line 10" }, entries.Select(e => e.Message));
        Assert.Equal(new[] { _root.Of("/var/log/web.log"), _root.Of("/var/log/web.err") }, sources);
        Assert.Empty(LogFiles.Read(definition, new LogQuery { Since = DateTimeOffset.UtcNow }, new List<string>()));
    }

    [Fact]
    public void Systemd_analyze_security_gives_the_overall_exposure_and_the_exposing_settings_most_first()
    {
        const string Output =
            "  NAME                                   DESCRIPTION                                        EXPOSURE\n" +
            "\u2717 RootDirectory=/RootImage=              Service runs within the host's root directory      0.1\n" +
            "\u2713 SupplementaryGroups=                   Service has no supplementary groups\n" +
            "\u2717 User=/DynamicUser=                     Service runs as root user                          0.4\n" +
            "\u2717 PrivateNetwork=                        Service has access to the host's network           0.5\n" +
            "  KeyringMode=                           Service runs as root, option does not apply\n" +
            "\n\u2192 Overall exposure level for x.service: 9.4 UNSAFE \U0001F628\n";
        var report = SecurityAnalyser.Parse("x", Output, "systemd-analyze security x.service");
        Assert.Equal((9.4, "UNSAFE"), (report.Exposure, report.Rating));
        Assert.Equal(new[] { ("PrivateNetwork=", "Service has access to the host's network", 0.5), ("User=/DynamicUser=", "Service runs as root user", 0.4), ("RootDirectory=/RootImage=", "Service runs within the host's root directory", 0.1) },
            report.Findings.Select(f => (f.Setting, f.Description, f.Exposure)));
        Assert.Null(SecurityAnalyser.Parse("x", "Failed to load unit.", "s").Exposure);
    }
}
