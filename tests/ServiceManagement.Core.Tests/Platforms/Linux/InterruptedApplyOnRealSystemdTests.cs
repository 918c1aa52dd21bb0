using System.Globalization;
using System.Text;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// An apply of 20 jobs (daemons, secrets, timers) killed with SIGKILL at 30 points spread evenly over its run (svcmgmt's SVCMGMT_CRASH_AT hook kills it
/// just before its Nth write, deletion or request to systemd; SVCMGMT_STEP_LOG counts them), then one more
/// apply: every daemon runs its declared arguments and secret (its /proc/PID/cmdline and environ), no unit has
/// NeedDaemonReload=yes, no temporary file is left beside a job's files, and plan exits 0.
/// </summary>
[Collection("real systemd")]
public sealed class InterruptedApplyOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    private const int Daemons = 17;
    private const int WithSecrets = 3;
    private const int Scheduled = 3;
    private readonly SystemdHarness _systemd;

    public InterruptedApplyOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required("bus");
    }

    [RealSystemdFact]
    public void An_apply_killed_at_any_point_is_finished_by_the_next_apply()
    {
        var first = _systemd.ShareFile("first.yaml", Configuration("first"));
        var second = _systemd.ShareFile("second.yaml", Configuration("second"));
        Apply(first);
        var counted = _systemd.Inside("env", "SVCMGMT_STEP_LOG=/run/sm-share/steps", "/run/svcmgmt/svcmgmt", "apply", second);
        Assert.True(counted.ExitCode == 0, counted.Output);
        var steps = File.ReadAllLines(Path.Combine(_systemd.Share, "steps")).Length;
        Assert.True(steps >= 30, $"only {steps} steps");
        var points = Enumerable.Range(0, 30).Select(i => 1 + (int)Math.Round(i * (steps - 1) / 29.0)).Distinct().ToList();

        foreach (var point in points)
        {
            Apply(first);
            var killed = _systemd.Inside("env", "SVCMGMT_CRASH_AT=" + point.ToString(CultureInfo.InvariantCulture), "/run/svcmgmt/svcmgmt", "apply", second);
            Assert.True(killed.ExitCode == 137, $"point {point}: the apply was to be killed, and exited {killed.ExitCode}: {killed.Output}");
            Apply(second);
            AssertRunning("second", point);
            // The killed apply had written every new content beside its file; the next one clears what it did not place.
            var leftovers = _systemd.Inside("find", "/etc", "-name", ".*.tmp");
            Assert.True(leftovers.ExitCode == 0 && leftovers.Output.Trim().Length == 0, $"point {point}: temporaries left behind: {leftovers.Output}");
            var (planned, plan) = _systemd.Svcmgmt("plan", second);
            Assert.True(planned == 0, $"point {point}: {plan}");
        }

        _systemd.AssertHostUntouched();
    }

    private void Apply(string file)
    {
        var (exitCode, output) = _systemd.Svcmgmt("apply", file);
        Assert.True(exitCode == 0, output);
    }

    private static string Configuration(string generation)
    {
        var jobs = new StringBuilder("jobs:\n");
        for (var i = 0; i < Daemons; i++)
        {
            var secret = i < WithSecrets ? $", environment: {{ TOKEN: {{ secret: token-{generation}-{i} }} }}" : string.Empty;
            jobs.Append(CultureInfo.InvariantCulture, $"  - {{ name: sm.crash.d{i}, kind: daemon, program: /bin/sleep, arguments: [\"{(generation == "first" ? 1000 : 2000) + i}\"]{secret} }}\n");
        }

        for (var i = 0; i < Scheduled; i++)
        {
            jobs.Append(CultureInfo.InvariantCulture, $"  - {{ name: sm.crash.t{i}, kind: daemon, program: /bin/echo, arguments: [{generation}], schedule: {{ every: {(generation == "first" ? 1 : 2)}h }} }}\n");
        }

        return jobs.ToString();
    }

    /// <summary>What systemd and the kernel say of every job, in one pass inside the namespace.</summary>
    private void AssertRunning(string generation, int point)
    {
        const string Report = "for u in $(systemctl list-units --all --plain --no-legend 'sm.crash.*' | awk '{print $1}'); do "
            + "echo \"reload $u $(systemctl show -p NeedDaemonReload --value $u)\"; done; "
            + "for i in $(seq 0 16); do p=$(systemctl show -p MainPID --value sm.crash.d$i.service); "
            + "echo \"argv d$i $(tr '\\0' ' ' < /proc/$p/cmdline)\"; echo \"token d$i $(tr '\\0' '\\n' < /proc/$p/environ | grep ^TOKEN= || true)\"; done";
        var (exitCode, output) = _systemd.Inside("bash", "-c", Report);
        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Where(l => l.StartsWith("reload ", StringComparison.Ordinal)), l => Assert.True(l.EndsWith(" no", StringComparison.Ordinal), $"point {point}: {l}"));
        for (var i = 0; i < Daemons; i++)
        {
            Assert.Contains($"argv d{i} /bin/sleep {(generation == "first" ? 1000 : 2000) + i} ", lines);
            Assert.Contains(i < WithSecrets ? $"token d{i} TOKEN=token-{generation}-{i}" : $"token d{i} ", lines);
        }
    }
}
