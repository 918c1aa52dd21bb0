using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// svcmgmt top in a terminal, as a user has it: a tmux pane on the real systemd, keys sent with send-keys and the
/// screen read with capture-pane; a job that spins and one that sleeps.
/// </summary>
[Collection("real systemd")]
public sealed class TopOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    private const string Session = "sm-top";
    private readonly SystemdHarness _systemd;

    public TopOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();
    }

    private string Screen() => _systemd.Inside("tmux", "capture-pane", "-p", "-t", Session).Output;

    /// <summary>The job rows of the screen, in order (their first cell).</summary>
    private IReadOnlyList<string> Jobs() =>
        Screen().Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty).Where(n => n.StartsWith("sm.top.", StringComparison.Ordinal)).ToList();

    /// <summary>The CPU % the screen shows for a job (its sixth column), or null before a second reading.</summary>
    private double? Cpu(string job) =>
        Screen().Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(cells => cells.Length > 5 && cells[0] == job)
            .Select(cells => double.TryParse(cells[5], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var percent) ? percent : (double?)null)
            .FirstOrDefault();

    private void Keys(params string[] keys) => Assert.Equal(0, _systemd.Inside(new[] { "tmux", "send-keys", "-t", Session }.Concat(keys).ToArray()).ExitCode);

    [RealSystemdFact]
    public void Shows_the_busy_job_first_by_cpu_switches_sort_by_key_and_quits_on_q_leaving_the_terminal_sane()
    {
        _systemd.NewJobs("top.yaml",
            "  - { name: sm.top.zbusy, kind: daemon, program: /bin/sh, arguments: [-c, 'while :; do :; done'] }\n"
            + "  - { name: sm.top.aidle, kind: daemon, program: /bin/sleep, arguments: ['1000'] }\n", "--start");
        Assert.Equal(0, _systemd.Inside("tmux", "new-session", "-d", "-s", Session, "-x", "200", "-y", "40", "bash --norc").ExitCode);
        try
        {
            Keys("-l", "/run/svcmgmt/svcmgmt top 'sm.top.*' --interval 1s; stty -a > /run/sm-share/stty; echo top-ended");
            Keys("Enter");

            // CPU % needs two readings: from the second screen on, the spinning job leads.
            SystemdHarness.Eventually(() => Screen().Contains("by cpu", StringComparison.Ordinal) && Jobs().SequenceEqual(new[] { "sm.top.zbusy", "sm.top.aidle" }) && Cpu("sm.top.zbusy") > 50, "the busy job to lead by CPU");
            Keys("n");
            SystemdHarness.Eventually(() => Screen().Contains("by name", StringComparison.Ordinal) && Jobs().SequenceEqual(new[] { "sm.top.aidle", "sm.top.zbusy" }), "the jobs in name order");
            Keys("m");
            SystemdHarness.Eventually(() => Screen().Contains("by memory", StringComparison.Ordinal), "the memory order");

            Keys("q");
            // The echo's own line: the command line typed shows the words as well, before stty has run.
            SystemdHarness.Eventually(() => Screen().Split('\n').Any(line => line.Trim() == "top-ended"), "top to end and the shell to go on");
            // The alternate screen is left (the command line that started top shows again) and the terminal is as
            // it was: line editing and echo on.
            Assert.Contains("svcmgmt top 'sm.top.*'", Screen(), StringComparison.Ordinal);
            var stty = File.ReadAllText(Path.Combine(_systemd.Share, "stty"));
            Assert.Contains(" icanon", stty, StringComparison.Ordinal);
            Assert.Contains(" echo", stty, StringComparison.Ordinal);
            Assert.DoesNotContain("-icanon", stty, StringComparison.Ordinal);
        }
        finally
        {
            _systemd.Inside("tmux", "kill-session", "-t", Session);
            Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.top.zbusy", "sm.top.aidle").ExitCode);
        }
    }

    [RealSystemdFact]
    public void Without_a_terminal_it_prints_plain_tables_one_per_interval()
    {
        _systemd.NewJobs("plain.yaml", "  - { name: sm.top.plain, kind: daemon, program: /bin/sleep, arguments: ['1000'] }\n", "--start");
        var (exitCode, output) = _systemd.Svcmgmt("top", "sm.top.plain", "--interval", "1s", "--iterations", "2");
        Assert.True(exitCode == 0, output);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("svcmgmt top ", StringComparison.Ordinal)));
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("sm.top.plain", StringComparison.Ordinal) && l.Contains("running", StringComparison.Ordinal)));
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.top.plain").ExitCode);
    }

    /// <summary>The last refresh's row for a job in a plain view's output: (state, PID, restarts), cut at the header's columns.</summary>
    private static (string State, string Pid, string Restarts)? LastRow(string output, string job)
    {
        var frame = output.Split("svcmgmt top  ").Last().Split('\n');
        var header = frame.FirstOrDefault(l => l.StartsWith("NAME ", StringComparison.Ordinal));
        var row = frame.FirstOrDefault(l => l.StartsWith(job + " ", StringComparison.Ordinal));
        if (header is null || row is null)
        {
            return null;
        }

        string Cell(string column) => row.Substring(header.IndexOf(column, StringComparison.Ordinal)).Split(' ')[0];
        return (Cell("STATE"), Cell("PID"), Cell("RESTARTS"));
    }

    [RealSystemdFact]
    public void A_refresh_shows_what_systemd_announced_since_the_last_one_a_restart_between_two_included()
    {
        const string Job = "sm.top.follow";
        _systemd.NewJobs("top-follow.yaml", $"  - {{ name: {Job}, kind: daemon, program: /bin/sleep, arguments: ['1000'], restart: {{ policy: always, delay: 100ms }} }}\n", "--start");
        var output = Path.Combine(_systemd.Share, "top-follow.out");
        Assert.Equal(0, _systemd.Inside("bash", "-c", $"/run/svcmgmt/svcmgmt top {Job} --interval 1s --iterations 120 > /run/sm-share/top-follow.out 2>&1 &").ExitCode);
        try
        {
            string Text() => File.Exists(output) ? File.ReadAllText(output) : string.Empty;
            var first = _systemd.Property(Job + ".service", "MainPID");
            SystemdHarness.Eventually(() => LastRow(Text(), Job) == ("running", first, "0"), "the first refresh");

            // Killed, restarted by systemd 100 ms later: running at both refreshes, so only systemd's announcement
            // tells the view to read the job again.
            Assert.Equal(0, _systemd.Inside("systemctl", "kill", "-s", "KILL", Job + ".service").ExitCode);
            SystemdHarness.Eventually(() => _systemd.Property(Job + ".service", "NRestarts") == "1" && _systemd.Property(Job + ".service", "ActiveState") == "active", "systemd to restart the job");
            var second = _systemd.Property(Job + ".service", "MainPID");
            Assert.NotEqual(first, second);
            int Refreshes() => Text().Split("svcmgmt top  ").Length - 1;
            var restartedBy = Refreshes();
            SystemdHarness.Eventually(() => LastRow(Text(), Job) == ("running", second, "1"), "a refresh with the new process and one restart");
            // Within a refresh or two, not at the tenth, when the view reads every job afresh anyway.
            Assert.InRange(Refreshes() - restartedBy, 0, 3);

            Assert.Equal(0, _systemd.Inside("systemctl", "stop", Job + ".service").ExitCode);
            SystemdHarness.Eventually(() => LastRow(Text(), Job) is ("stopped", "-", _), "a refresh with the job stopped");
            Assert.Equal(0, _systemd.Inside("systemctl", "start", Job + ".service").ExitCode);
            var third = _systemd.Property(Job + ".service", "MainPID");
            SystemdHarness.Eventually(() => LastRow(Text(), Job) is ("running", var pid, _) && pid == third, "a refresh with the job running again");
        }
        finally
        {
            _systemd.Inside("pkill", "-f", "svcmgmt top " + Job);
            Assert.Equal(0, _systemd.Svcmgmt("remove", Job).ExitCode);
        }
    }
}
