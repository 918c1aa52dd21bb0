using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// Jobs that start on demand, on a real systemd, through svcmgmt and the cmdlets: nothing runs after apply,
/// and the demand — a watched file written, a queue directory filled — starts the job. systemd's own answers
/// (systemctl show) and what the job itself leaves behind are the judges.
/// </summary>
[Collection("real systemd")]
public sealed class StartOnDemandOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    private readonly SystemdHarness _systemd;

    public StartOnDemandOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();
    }

    private string[] Lines(string file) =>
        File.Exists(Path.Combine(_systemd.Share, file)) ? File.ReadAllLines(Path.Combine(_systemd.Share, file)).Where(l => l.Length > 0).ToArray() : Array.Empty<string>();

    private bool Inactive(string unit) => _systemd.Property(unit, "ActiveState") is "inactive" or "failed";

    [RealSystemdFact]
    public void A_watched_path_starts_the_job_once_per_change_and_nothing_runs_before()
    {
        Assert.Equal(0, _systemd.Inside("mkdir", "-p", "/run/sm-share/watched").ExitCode);
        var declaration = _systemd.ShareFile("watch.yaml", "jobs:\n  - name: sm.demand.watch\n    kind: daemon\n    program: /bin/sh\n"
            + "    arguments: [-c, 'cat /run/sm-share/watched/conf >> /run/sm-share/watch-runs']\n"
            + "    watch: { paths: [/run/sm-share/watched] }\n");
        var (applyCode, applied) = _systemd.Svcmgmt("apply", declaration);
        Assert.True(applyCode == 0, applied);

        Assert.Equal("active", _systemd.Property("sm.demand.watch.path", "ActiveState"));
        Assert.Equal("inactive", _systemd.Property("sm.demand.watch.service", "ActiveState"));
        Assert.Equal("0", _systemd.Property("sm.demand.watch.service", "ExecMainStartTimestampMonotonic"));
        Assert.Equal("enabled", _systemd.Inside("systemctl", "is-enabled", "sm.demand.watch.path").Output.Trim());
        Assert.Equal("running", _systemd.Status("sm.demand.watch").GetProperty("runState").GetString());

        Assert.Equal(0, _systemd.Inside("sh", "-c", "echo first > /run/sm-share/watched/conf").ExitCode);
        SystemdHarness.Eventually(() => Lines("watch-runs").Length == 1 && Inactive("sm.demand.watch.service"), "the job to run for the first change");
        Assert.Equal("first", Lines("watch-runs")[0]);

        Assert.Equal(0, _systemd.Inside("sh", "-c", "echo second > /run/sm-share/watched/conf").ExitCode);
        SystemdHarness.Eventually(() => Lines("watch-runs").Length == 2 && Inactive("sm.demand.watch.service"), "the job to run for the second change");
        Assert.Equal(new[] { "first", "second" }, Lines("watch-runs"));
        Assert.Equal("active", _systemd.Property("sm.demand.watch.path", "ActiveState"));

        // The declaration tests as in its desired state, and what the machine has reads back as what was declared.
        var (testCode, tested) = _systemd.Svcmgmt("plan", declaration);
        Assert.True(testCode == 0, tested);
        var (exportCode, exported, _) = _systemd.SvcmgmtApart("export", "--name", "sm.demand.watch");
        Assert.True(exportCode == 0, exported);
        Assert.Contains("watch:", exported, StringComparison.Ordinal);
        var (planCode, plan) = _systemd.Svcmgmt("plan", _systemd.ShareFile("watch-export.yaml", exported));
        Assert.True(planCode == 0, plan);
    }

    [RealSystemdFact]
    public void A_queue_directory_runs_the_job_until_it_is_empty()
    {
        Assert.Equal(0, _systemd.Inside("mkdir", "-p", "/run/sm-share/queue").ExitCode);
        var (exitCode, output) = _systemd.PowerShell(
            "New-Daemon -Name sm.demand.queue -Program /bin/sh -Arguments '-c', 'f=$(ls /run/sm-share/queue | head -n 1); rm \"/run/sm-share/queue/$f\"; echo \"$f\" >> /run/sm-share/queue-runs' "
            + "-QueueDirectory /run/sm-share/queue -Start -WarningAction SilentlyContinue | Out-Null\n"
            + "(Get-BackgroundJobDefinition -Name sm.demand.queue).Watch.QueueDirectories");
        Assert.True(exitCode == 0, output);
        Assert.Equal("/run/sm-share/queue", output.Trim());
        Assert.Contains("DirectoryNotEmpty=/run/sm-share/queue", File.ReadAllText(Path.Combine(_systemd.SystemUnitDirectory, "sm.demand.queue.path")), StringComparison.Ordinal);
        Assert.Equal("inactive", _systemd.Property("sm.demand.queue.service", "ActiveState"));

        Assert.Equal(0, _systemd.Inside("sh", "-c", "cd /run/sm-share && mkdir -p incoming && touch incoming/a incoming/b incoming/c && mv incoming/a incoming/b incoming/c queue/").ExitCode);
        SystemdHarness.Eventually(() => Lines("queue-runs").Length == 3 && Inactive("sm.demand.queue.service"), "the job to empty the queue");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_systemd.Share, "queue")));
        Assert.Equal(new[] { "a", "b", "c" }, Lines("queue-runs").OrderBy(l => l, StringComparer.Ordinal));
    }
}
