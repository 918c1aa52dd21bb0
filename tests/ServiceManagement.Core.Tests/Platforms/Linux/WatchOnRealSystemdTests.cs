using System.Text.Json;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// svcmgmt watch on a real systemd: the changes systemd announces, as JSON Lines, while the jobs are started,
/// killed (and restarted by their policy), stopped and failed by systemctl — systemd's own tool, not ours.
/// </summary>
[Collection("real systemd")]
public sealed class WatchOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    private readonly SystemdHarness _systemd;

    public WatchOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();
    }

    private sealed record Change(DateTimeOffset Time, string Name, string From, string To, string? Reason, int? ExitCode);

    private IReadOnlyList<Change> Changes() =>
        File.ReadAllLines(Path.Combine(_systemd.Share, "events")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).Select(e => new Change(
            e.GetProperty("time").GetDateTimeOffset(), e.GetProperty("name").GetString()!, e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!,
            e.TryGetProperty("reason", out var reason) ? reason.GetString() : null, e.TryGetProperty("exitCode", out var code) ? code.GetInt32() : null)).ToList();

    /// <summary>Does <paramref name="action"/> and waits for the change of <paramref name="name"/> to <paramref name="to"/> it causes; that change came within a second.</summary>
    private Change Expect(string name, string to, Action action, Func<Change, bool>? also = null)
    {
        var seen = Changes().Count;
        var before = DateTimeOffset.UtcNow;
        action();
        Change? found = null;
        SystemdHarness.Eventually(() => (found = Changes().Skip(seen).FirstOrDefault(c => c.Name == name && c.To == to && (also is null || also(c)))) is not null, $"{name} to become {to}");
        Assert.True(found!.Time - before < TimeSpan.FromSeconds(1), $"{name} became {to} {(found.Time - before).TotalMilliseconds} ms after the action");
        return found;
    }

    private static bool IsInOrder(IReadOnlyList<string> seen, params string[] wanted)
    {
        var next = 0;
        foreach (var state in seen)
        {
            if (next < wanted.Length && state == wanted[next])
            {
                next++;
            }
        }

        return next == wanted.Length;
    }

    private void Systemctl(params string[] arguments) => Assert.Equal(0, _systemd.Inside(new[] { "systemctl" }.Concat(arguments).ToArray()).ExitCode);

    [RealSystemdFact]
    public void Started_killed_stopped_and_failed_jobs_are_announced_in_order_each_within_a_second()
    {
        _systemd.NewJobs("watched.yaml",
            "  - { name: sm.watch.web, kind: daemon, program: /bin/sleep, arguments: ['1000'], startupType: manual, restart: { policy: always, delay: 1s } }\n"
            + "  - { name: sm.watch.fail, kind: daemon, program: /bin/sh, arguments: [-c, 'exit 3'], startupType: manual, restart: { policy: never } }\n");
        File.WriteAllText(Path.Combine(_systemd.Share, "events"), string.Empty);
        File.WriteAllText(Path.Combine(_systemd.Share, "watch.rc"), string.Empty);
        // A background command of a script starts with SIGINT ignored; the watcher gets it back, as a terminal's has it.
        _systemd.Inside("bash", "-c", "(SVCMGMT_SYSTEMD_TRANSPORT=bus python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' "
            + "/run/svcmgmt/svcmgmt watch 'sm.watch.*' --json > /run/sm-share/events 2> /run/sm-share/watch.err; echo $? > /run/sm-share/watch.rc) &");
        var pid = _systemd.Inside("pgrep", "-n", "-f", "svcmgmt watch sm.watch").Output.Trim();
        SystemdHarness.Eventually(() => File.ReadAllText(Path.Combine(_systemd.Share, "watch.err")).Contains("watching 2 job(s)", StringComparison.Ordinal), "the watcher to listen");

        Expect("sm.watch.web", "running", () => Systemctl("start", "sm.watch.web.service"));
        var mainPid = _systemd.Property("sm.watch.web.service", "MainPID");
        var killed = Expect("sm.watch.web", "starting", () => Assert.Equal(0, _systemd.Inside("kill", "-KILL", mainPid).ExitCode));
        Assert.Equal("killed by SIGKILL", killed.Reason);
        SystemdHarness.Eventually(() => Changes().SkipWhile(c => c != killed).Any(c => c.Name == "sm.watch.web" && c.To == "running"), "the restart policy to bring the daemon back");
        Expect("sm.watch.web", "stopped", () => Systemctl("stop", "sm.watch.web.service"));
        var failed = Expect("sm.watch.fail", "failed", () => _systemd.Inside("systemctl", "start", "sm.watch.fail.service"));
        Assert.Equal(3, failed.ExitCode);

        // In the order systemd announced them: up, waiting to restart, (through dead, as systemd 252 restarts) up
        // again, stopped.
        var web = Changes().Where(c => c.Name == "sm.watch.web").Select(c => c.To).ToList();
        Assert.True(IsInOrder(web, "running", "starting", "running", "stopped"), string.Join(" ", web));

        // Ctrl+C (SIGINT) ends the watch: 130, as a shell reports a command Ctrl+C ended, every line written whole.
        Assert.Equal(0, _systemd.Inside("kill", "-INT", pid).ExitCode);
        SystemdHarness.Eventually(() => File.ReadAllText(Path.Combine(_systemd.Share, "watch.rc")).Trim().Length > 0, "the watcher to end");
        Assert.Equal("130", File.ReadAllText(Path.Combine(_systemd.Share, "watch.rc")).Trim());
        Assert.NotEmpty(Changes());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.watch.web", "sm.watch.fail").ExitCode);
    }

    [RealSystemdFact]
    public void A_users_agent_is_announced_by_the_users_own_manager()
    {
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        _systemd.NewJobs("agent.yaml", $"  - {{ name: sm.watch.agent, kind: agent, scope: user, user: {SystemdHarness.TestUser}, program: /bin/sleep, arguments: ['1000'], startupType: manual }}\n");
        File.WriteAllText(Path.Combine(_systemd.Share, "events"), string.Empty);
        File.WriteAllText(Path.Combine(_systemd.Share, "watch.err"), string.Empty);
        _systemd.Inside("bash", "-c", "(SVCMGMT_SYSTEMD_TRANSPORT=bus timeout 60 /run/svcmgmt/svcmgmt watch sm.watch.agent --json > /run/sm-share/events 2> /run/sm-share/watch.err) &");
        SystemdHarness.Eventually(() => File.ReadAllText(Path.Combine(_systemd.Share, "watch.err")).Contains("watching 1 job(s)", StringComparison.Ordinal), "the watcher to listen");

        string[] user = { "runuser", "-u", SystemdHarness.TestUser, "--", "env", $"XDG_RUNTIME_DIR=/run/user/{SystemdHarness.TestUserId}", "systemctl", "--user" };
        Expect("sm.watch.agent", "running", () => Assert.Equal(0, _systemd.Inside(user.Concat(new[] { "start", "sm.watch.agent.service" }).ToArray()).ExitCode));
        Expect("sm.watch.agent", "stopped", () => Assert.Equal(0, _systemd.Inside(user.Concat(new[] { "stop", "sm.watch.agent.service" }).ToArray()).ExitCode));
        _systemd.Inside("pkill", "-INT", "-f", "svcmgmt watch sm.watch.agent");
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.watch.agent").ExitCode);
    }

    [RealSystemdFact]
    public void Until_ends_when_the_job_comes_up_and_a_timeout_before_it_does_is_an_error()
    {
        _systemd.NewJobs("until.yaml", "  - { name: sm.watch.until, kind: daemon, program: /bin/sleep, arguments: ['1000'], startupType: manual }\n");
        var timedOut = _systemd.SvcmgmtApart("watch", "sm.watch.until", "--until", "running", "--timeout", "1s");
        Assert.Equal(3, timedOut.ExitCode);
        Assert.Contains("sm.watch.until did not become Running within 1 s.", timedOut.Error, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_systemd.Share, "until.rc"), string.Empty);
        _systemd.Inside("bash", "-c", "(/run/svcmgmt/svcmgmt watch sm.watch.until --until running --timeout 30s > /run/sm-share/until.out 2> /run/sm-share/until.err; echo $? > /run/sm-share/until.rc) &");
        SystemdHarness.Eventually(() => File.ReadAllText(Path.Combine(_systemd.Share, "until.err")).Contains("watching 1 job(s)", StringComparison.Ordinal), "the watcher to listen");
        Systemctl("start", "sm.watch.until.service");
        SystemdHarness.Eventually(() => File.ReadAllText(Path.Combine(_systemd.Share, "until.rc")).Trim().Length > 0, "the watch to end");
        Assert.Equal("0", File.ReadAllText(Path.Combine(_systemd.Share, "until.rc")).Trim());
        Assert.Contains("stopped -> running", File.ReadAllText(Path.Combine(_systemd.Share, "until.out")), StringComparison.Ordinal);

        // Already in the state: it ends at once.
        Assert.Equal(0, _systemd.Svcmgmt("watch", "sm.watch.until", "--until", "running", "--timeout", "30s").ExitCode);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.watch.until").ExitCode);
    }
}
