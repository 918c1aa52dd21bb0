using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// Secrets against a real systemd, judged by systemd and the kernel: the job's own process has the value
/// (its /proc/PID/environ, read as root), while another local user finds it nowhere — not in
/// <c>systemctl show</c>, the unit files, the secrets file, the process's environment, svcmgmt's output,
/// Get-BackgroundJobDefinition in that user's PowerShell, the manager's log or the journal (every field, read as root).
/// </summary>
[Collection("real systemd")]
public sealed class SecretsOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    private const string Outsider = "nobody";
    private readonly SystemdHarness _systemd;

    public SecretsOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();

        // Other users reach systemd through the system bus, as they would on a machine.
        var bus = systemd.Inside("systemctl", "start", "dbus.service");
        Assert.True(bus.ExitCode == 0, bus.Output);
    }

    /// <summary>A value systemd's environment-file parser must take literally: quotes, $, backquotes, a backslash, %.</summary>
    private static string Hostile(string marker) => marker + " \"quoted\" $HOME `x` back\\slash 100% 'single'";

    private static string Yaml(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private (int ExitCode, string Output) As(string user, params string[] command) =>
        _systemd.Inside(new[] { "runuser", "-u", user, "--" }.Concat(command).ToArray());

    private string[] EnvironmentOf(string pid) =>
        _systemd.Inside("cat", $"/proc/{pid}/environ").Output.Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private void AssertNowhereFor(string user, string marker, params string[][] commands)
    {
        foreach (var command in commands)
        {
            var (_, output) = As(user, command);
            Assert.False(output.Contains(marker, StringComparison.Ordinal), $"{user} read the secret through: {string.Join(" ", command)}\n{output}");
        }
    }

    [RealSystemdFact]
    public void A_daemons_secret_reaches_its_process_and_no_other_user_and_rotating_it_restarts_the_daemon()
    {
        const string marker = "sm-secret-daemon-7f3a";
        var value = Hostile(marker);
        var file = _systemd.ShareFile("secret-daemon.yaml",
            $"jobs:\n  - name: sm.secret.d\n    kind: daemon\n    program: /bin/sleep\n    arguments: [\"1000\"]\n    environment:\n      PLAIN: visible\n      TOKEN: {{ secret: {Yaml(value)} }}\n");
        var (created, createOutput) = _systemd.Svcmgmt("apply", file);
        Assert.True(created == 0, createOutput);
        Assert.DoesNotContain(marker, createOutput, StringComparison.Ordinal);
        var pid = _systemd.Property("sm.secret.d.service", "MainPID");
        Assert.Contains("TOKEN=" + value, EnvironmentOf(pid));
        Assert.Contains("PLAIN=visible", EnvironmentOf(pid));
        Assert.Equal("0 600", _systemd.Inside("stat", "-c", "%u %a", "/etc/servicemanagement/secrets/sm.secret.d.env").Output.Trim());
        Assert.Equal("0 700", _systemd.Inside("stat", "-c", "%u %a", "/etc/servicemanagement/secrets").Output.Trim());

        Assert.Contains("EnvironmentFiles=/etc/servicemanagement/secrets/sm.secret.d.env", As(Outsider, "systemctl", "show", "sm.secret.d.service").Output, StringComparison.Ordinal);
        Assert.NotEqual(0, As(Outsider, "cat", "/etc/servicemanagement/secrets/sm.secret.d.env").ExitCode);
        AssertNowhereFor(Outsider, marker,
            new[] { "systemctl", "show", "sm.secret.d.service" },
            new[] { "systemctl", "cat", "sm.secret.d.service" },
            new[] { "cat", "/etc/systemd/system/sm.secret.d.service" },
            new[] { "cat", "/etc/servicemanagement/secrets/sm.secret.d.env" },
            new[] { "cat", $"/proc/{pid}/environ" },
            new[] { "/run/svcmgmt/svcmgmt", "show", "sm.secret.d", "--json" },
            new[] { "/run/svcmgmt/svcmgmt", "list", "--json" },
            new[] { "/run/svcmgmt/svcmgmt", "status", "sm.secret.d", "--json" },
            new[] { "/run/svcmgmt/svcmgmt", "export" });
        Assert.Contains("TOKEN: { keepSecret: true }", As(Outsider, "/run/svcmgmt/svcmgmt", "show", "sm.secret.d").Output, StringComparison.Ordinal);

        // Root's own views of the job hold the secret's name, never its value.
        AssertNowhereFor("root", marker,
            new[] { "/run/svcmgmt/svcmgmt", "show", "sm.secret.d", "--json" },
            new[] { "/run/svcmgmt/svcmgmt", "export" });

        var (shown, powershell) = _systemd.PowerShell("Get-BackgroundJobDefinition -Name sm.secret.d | ConvertTo-Json -Depth 6\n", user: Outsider);
        Assert.True(shown == 0, powershell);
        Assert.Contains("\"TOKEN\"", powershell, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, powershell, StringComparison.Ordinal);

        // The export plans back as no change: the secret is kept as the machine has it.
        Assert.Equal(0, _systemd.Inside("bash", "-c", "/run/svcmgmt/svcmgmt export --name sm.secret.d > /run/sm-share/secret-export.yaml").ExitCode);
        Assert.Contains("TOKEN: { keepSecret: true }", File.ReadAllText(Path.Combine(_systemd.Share, "secret-export.yaml")), StringComparison.Ordinal);
        var (unchanged, planOutput) = _systemd.Svcmgmt("plan", "/run/sm-share/secret-export.yaml");
        Assert.True(unchanged == 0, planOutput);

        // Rotation: the plan says the secret changed without either value; apply restarts the daemon with the new one.
        var rotated = _systemd.ShareFile("secret-rotated.yaml", File.ReadAllText(Path.Combine(_systemd.Share, "secret-daemon.yaml")).Replace(marker, marker + "-rotated", StringComparison.Ordinal));
        var (drift, rotationPlan) = _systemd.Svcmgmt("plan", rotated);
        Assert.Equal(1, drift);
        Assert.Contains("environment.TOKEN: ******** -> ******** (secret changed)", rotationPlan, StringComparison.Ordinal);
        Assert.Contains("@@ secret values, not shown @@", rotationPlan, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, rotationPlan, StringComparison.Ordinal);
        var (applied, applyOutput) = _systemd.Svcmgmt("apply", rotated);
        Assert.True(applied == 0, applyOutput);
        var restarted = _systemd.Property("sm.secret.d.service", "MainPID");
        Assert.NotEqual(pid, restarted);
        Assert.Contains("TOKEN=" + Hostile(marker + "-rotated"), EnvironmentOf(restarted));

        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.secret.d").ExitCode);
        Assert.NotEqual(0, _systemd.Inside("test", "-e", "/etc/servicemanagement/secrets/sm.secret.d.env").ExitCode);
        Assert.DoesNotContain(marker, _systemd.ManagerLog, StringComparison.Ordinal);
        AssertNowhereFor("root", marker, new[] { "journalctl", "--no-pager", "--output=verbose" });
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void A_user_agents_secret_reaches_its_process_and_not_another_user()
    {
        const string marker = "sm-secret-agent-51c9";
        var value = Hostile(marker);
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        var file = _systemd.ShareFile("secret-agent.yaml",
            $"jobs:\n  - name: sm.secret.a\n    kind: agent\n    scope: user\n    user: {SystemdHarness.TestUser}\n    program: /bin/sleep\n    arguments: [\"1000\"]\n    environment:\n      TOKEN: {{ secret: {Yaml(value)} }}\n");
        var (created, output) = _systemd.Svcmgmt("new", file, "--start");
        Assert.True(created == 0, output);
        var pid = _systemd.Property("sm.secret.a.service", "MainPID", user: true);
        Assert.Contains("TOKEN=" + value, EnvironmentOf(pid));
        var secrets = $"/home/{SystemdHarness.TestUser}/.config/servicemanagement/secrets/sm.secret.a.env";
        Assert.Equal($"{SystemdHarness.TestUserId} 600", _systemd.Inside("stat", "-c", "%u %a", secrets).Output.Trim());

        Assert.NotEqual(0, As(Outsider, "cat", secrets).ExitCode);
        AssertNowhereFor(Outsider, marker,
            new[] { "cat", secrets },
            new[] { "cat", $"/home/{SystemdHarness.TestUser}/.config/systemd/user/sm.secret.a.service" },
            new[] { "cat", $"/proc/{pid}/environ" },
            new[] { "/run/svcmgmt/svcmgmt", "list", "--json" },
            new[] { "/run/svcmgmt/svcmgmt", "show", "sm.secret.a", "--json" });

        // Even its own user's manager publishes only the file's path.
        var own = As(SystemdHarness.TestUser, "env", $"XDG_RUNTIME_DIR=/run/user/{SystemdHarness.TestUserId}", "systemctl", "--user", "show", "sm.secret.a.service").Output;
        Assert.Contains("EnvironmentFiles=" + secrets, own, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, own, StringComparison.Ordinal);

        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.secret.a").ExitCode);
        Assert.NotEqual(0, _systemd.Inside("test", "-e", secrets).ExitCode);
        _systemd.AssertHostUntouched();
    }

    /// <summary>
    /// A secrets directory someone left 0755 and a reader polling it as another user through 200 rotations: the
    /// reader never gets a value (temporary files are 0600 from their first byte, the directory is made private).
    /// </summary>
    [RealSystemdFact]
    public void A_reader_polling_a_once_open_secrets_directory_through_200_rotations_never_reads_a_value()
    {
        Assert.Equal(0, _systemd.Inside("bash", "-c", "mkdir -p /etc/servicemanagement/secrets && chmod 0755 /etc/servicemanagement /etc/servicemanagement/secrets").ExitCode);
        const string Poll = "while [ ! -e /tmp/sm-poll-stop ]; do for f in /etc/servicemanagement/secrets/* /etc/servicemanagement/secrets/.[!.]*; do cat \"$f\" 2>/dev/null; done; done > /tmp/sm-caught; touch /tmp/sm-poll-done";
        Assert.Equal(0, _systemd.Inside("bash", "-c", $"setsid runuser -u {Outsider} -- bash -c '{Poll}' </dev/null >/dev/null 2>&1 &").ExitCode);
        _systemd.ShareFile("rotate.yaml", "jobs:\n  - { name: sm.secret.rotate, kind: daemon, program: /bin/sleep, arguments: [\"1000\"], environment: { TOKEN: { secret: sm-rotation-0 } } }\n");
        var rotations = _systemd.Inside("bash", "-c",
            "for i in $(seq 1 200); do sed -i \"s/sm-rotation-[0-9]*/sm-rotation-$i/\" /run/sm-share/rotate.yaml && /run/svcmgmt/svcmgmt apply /run/sm-share/rotate.yaml >/dev/null || exit 1; done");
        Assert.Equal(0, _systemd.Inside("touch", "/tmp/sm-poll-stop").ExitCode);
        Assert.True(rotations.ExitCode == 0, rotations.Output);
        SystemdHarness.Eventually(() => _systemd.Inside("test", "-e", "/tmp/sm-poll-done").ExitCode == 0, "the reader to stop");

        Assert.Contains("TOKEN=sm-rotation-200", EnvironmentOf(_systemd.Property("sm.secret.rotate.service", "MainPID")));
        Assert.DoesNotContain("sm-rotation", _systemd.Inside("cat", "/tmp/sm-caught").Output, StringComparison.Ordinal);
        Assert.Equal("0 700", _systemd.Inside("stat", "-c", "%u %a", "/etc/servicemanagement/secrets").Output.Trim());
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.secret.rotate").ExitCode);
        _systemd.AssertHostUntouched();
    }
}
