using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// A machine's own jobs — not only ours — through the paths users take, on a real systemd: units of
/// several kinds are installed by hand the way packages and administrators do it, and svcmgmt exports
/// the whole machine, validates the file and plans it back as no change; the DSC resource exports every
/// instance and finds each in its desired state. systemd's own answers and the bytes of the unit
/// directories (which must not change) are the judges.
/// </summary>
[Collection("real systemd")]
public sealed class MachineExportTests : IClassFixture<SystemdHarness>
{
    /// <summary>What a vendor and an administrator leave behind: none of it written by ServiceManagement.</summary>
    private const string InstallByHand = """
        set -e
        cd /etc/systemd/system
        printf '[Unit]\nDescription=Template %%i\n[Service]\nExecStart=-/bin/sleep 1000\nExecStart=\nExecStart=@/bin/sleep sleeper 2000\n[Install]\nWantedBy=multi-user.target\n' > sm-tpl@.service
        printf '[Unit]\nDescription=several commands\n[Service]\nType=oneshot\nExecStartPre=+/bin/true\nExecStart=/bin/echo one\nExecStart=/bin/echo two\nRestartSec=0\nCapabilityBoundingSet=\n' > sm-oneshot.service
        mkdir -p sm-oneshot.service.d
        printf '[Service]\nEnvironment=FROM_DROPIN=1\nNice=5\n' > sm-oneshot.service.d/50-local.conf
        printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' > sm-timed.service
        printf '[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n' > sm-timed.timer
        printf '[Service]\nExecStart=/bin/cat\nStandardInput=socket\n' > sm-sock.service
        printf '[Socket]\nListenStream=/run/sm-sock.sock\n[Install]\nWantedBy=sockets.target\n' > sm-sock.socket
        printf '[Service]\nExecStart=/usr/bin/env sleep 1000\n' > sm-shared.service
        ln -sf /dev/null sm-masked.service
        systemctl enable sm-tpl@one.service sm-timed.timer sm-sock.socket
        mkdir -p /home/smtest/.config/systemd/user
        printf '[Service]\nExecStart=/bin/sleep 1000\n' > /home/smtest/.config/systemd/user/sm-shared.service
        printf '[Service]\nExecStart=sleep 1000\nRestart=always\nRestartSec=0\n' > /home/smtest/.config/systemd/user/sm-agent.service
        chown -R smtest:smtest /home/smtest/.config
        systemctl daemon-reload
        """;

    private readonly SystemdHarness _systemd;

    public MachineExportTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();
        if (systemd.Unavailable is null && !File.Exists(Path.Combine(systemd.SystemUnitDirectory, "sm-tpl@.service")))
        {
            var (exitCode, output) = systemd.Inside("bash", "-c", InstallByHand);
            Assert.True(exitCode == 0, output);
        }
    }

    [RealSystemdFact]
    public void The_whole_machine_exports_validates_and_plans_back_as_no_change()
    {
        var before = Fingerprint();
        var (exportCode, yaml) = SvcmgmtStdout("export");
        Assert.Equal(0, exportCode);
        var file = _systemd.ShareFile("machine.yaml", yaml);

        var jobs = Jobs(yaml);
        Assert.Equal("automatic", jobs[("sm-tpl@one", "daemon", null)]["startupType"]);
        Assert.Equal("enabled", _systemd.Inside("systemctl", "is-enabled", "sm-tpl@one.service").Output.Trim());
        Assert.True(jobs.ContainsKey(("sm-tpl@", "daemon", null)));
        Assert.Equal("disabled", jobs[("sm-masked", "daemon", null)]["startupType"]);
        Assert.Equal("masked", _systemd.Property("sm-masked.service", "LoadState"));
        Assert.True(jobs.ContainsKey(("sm-shared", "daemon", null)) && jobs.ContainsKey(("sm-shared", "agent", SystemdHarness.TestUser)), "the daemon and the agent of one name are two jobs");
        Assert.True(jobs.ContainsKey(("sm-agent", "agent", SystemdHarness.TestUser)));
        Assert.All(jobs.Values, job => Assert.Equal("machine", job["origin"]));
        var listed = JsonDocument.Parse(_systemd.Svcmgmt("list", "--json").Output).RootElement.GetArrayLength();
        Assert.Equal(listed, jobs.Count);

        var (validateCode, validation) = _systemd.Svcmgmt("validate", file);
        Assert.True(validateCode == 0, validation);
        var (planCode, plan) = _systemd.Svcmgmt("plan", file);
        Assert.True(planCode == 0, plan);
        Assert.Contains($"Plan: 0 to create, 0 to update, 0 to remove, {jobs.Count} unchanged.", plan, StringComparison.Ordinal);

        // Applying the export is no change either: not one unit file, drop-in or link is written.
        var (applyCode, applied) = _systemd.Svcmgmt("apply", file);
        Assert.True(applyCode == 0, applied);
        Assert.Equal(before, Fingerprint());
        Assert.Equal("Environment=FROM_DROPIN=1", _systemd.Inside("systemctl", "show", "-p", "Environment", "sm-oneshot.service").Output.Trim());
        _systemd.AssertHostUntouched();
    }

    /// <summary>The same through the module as laid out for shipping, in PowerShell 7.6.9 inside the namespace.</summary>
    [RealSystemdFact]
    public void The_cmdlets_export_the_machine_and_test_the_export_as_in_its_desired_state()
    {
        Assert.True(Prerequisites.MissingPowerShell() is null, Prerequisites.MissingPowerShell());
        var (exitCode, output) = _systemd.PowerShell("""
            Export-BackgroundJobConfiguration -Path /run/sm-share/from-pwsh.yaml
            'in desired state: ' + (Test-BackgroundJobConfiguration -Path /run/sm-share/from-pwsh.yaml -Quiet)
            'drift: ' + @(Test-BackgroundJobConfiguration -Path /run/sm-share/from-pwsh.yaml).Count
            """);
        Assert.True(exitCode == 0, output);
        Assert.Contains("in desired state: True", output, StringComparison.Ordinal);
        Assert.Contains("drift: 0", output, StringComparison.Ordinal);

        // The module and svcmgmt are one engine: the two exports are the same file.
        Assert.Equal(SvcmgmtStdout("export").Output, File.ReadAllText(Path.Combine(_systemd.Share, "from-pwsh.yaml")));
    }

    [RealSystemdFact]
    public void Every_instance_the_dsc_resource_exports_tests_as_in_its_desired_state()
    {
        var (exportCode, lines) = SvcmgmtStdout("dsc", "export");
        Assert.Equal(0, exportCode);
        var instances = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(instances.Length > 10);
        var input = _systemd.ShareFile("instances.jsonl", lines);

        // One process for all: each instance goes to `svcmgmt dsc test` on its own standard input.
        var (exitCode, results) = _systemd.Inside("bash", "-c", $"while IFS= read -r instance; do printf '%s' \"$instance\" | /run/svcmgmt/svcmgmt dsc test 2>/dev/null | head -n 1; done < {input}");
        Assert.Equal(0, exitCode);
        var states = results.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(instances.Length, states.Count);
        var drifting = states.Where(s => !s.GetProperty("_inDesiredState").GetBoolean()).Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.True(drifting.Count == 0, "Not in the desired state: " + string.Join(", ", drifting));
        Assert.Contains(states, s => s.GetProperty("name").GetString() == "sm-tpl@one");
    }

    [RealSystemdFact]
    public void A_bare_name_that_names_two_jobs_is_ambiguous_and_kind_scope_and_user_select_one()
    {
        var (exitCode, output) = _systemd.Svcmgmt("show", "sm-shared");
        Assert.True(exitCode == 0, output);
        Assert.Contains("# /etc/systemd/system/sm-shared.service", output, StringComparison.Ordinal);
        Assert.Contains($"# /home/{SystemdHarness.TestUser}/.config/systemd/user/sm-shared.service", output, StringComparison.Ordinal);

        var (stopCode, stop) = _systemd.Svcmgmt("remove", "sm-shared", "--force");
        Assert.NotEqual(0, stopCode);
        Assert.Contains("'sm-shared' names more than one job: daemon 'sm-shared'; agent 'sm-shared' of user smtest", stop, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_systemd.SystemUnitDirectory, "sm-shared.service")));

        var (showCode, one) = _systemd.Svcmgmt("show", "sm-shared", "--kind", "agent", "--user", SystemdHarness.TestUser, "--json");
        Assert.True(showCode == 0, one);
        var job = Assert.Single(JsonDocument.Parse(one).RootElement.EnumerateArray());
        Assert.Equal("agent", job.GetProperty("kind").GetString());
    }

    [RealSystemdFact]
    public void The_cmdlets_refuse_an_ambiguous_name_and_act_on_the_one_job_kind_and_user_name()
    {
        var (setup, output) = _systemd.Inside("bash", "-c", """
            printf '[Service]\nExecStart=/bin/sleep 1000\n' > /etc/systemd/system/sm-twin.service
            printf '[Service]\nExecStart=/bin/sleep 1000\n' > /home/smtest/.config/systemd/user/sm-twin.service
            chown smtest:smtest /home/smtest/.config/systemd/user/sm-twin.service
            """);
        Assert.True(setup == 0, output);
        var (exitCode, result) = _systemd.PowerShell("""
            Remove-BackgroundJobDefinition -Name sm-twin -Force -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
            'error: ' + $failed[0].FullyQualifiedErrorId + ' ' + $failed[0].CategoryInfo.Category
            Get-BackgroundJobDefinition -Name sm-twin -Kind Agent -User smtest | Remove-BackgroundJobDefinition -Force -Confirm:$false
            'left: ' + ((Get-BackgroundJobDefinition -Name sm-twin | ForEach-Object { "$($_.Kind)/$($_.Scope)" }) -join ',')
            """);
        Assert.True(exitCode == 0, result);
        Assert.Contains("error: RemoveBackgroundJobDefinitionJobAmbiguous", result, StringComparison.Ordinal);
        Assert.Contains("InvalidArgument", result, StringComparison.Ordinal);
        Assert.Contains("left: Daemon/System", result, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_systemd.SystemUnitDirectory, "sm-twin.service")));
        Assert.Equal(1, _systemd.Inside("test", "-e", "/home/smtest/.config/systemd/user/sm-twin.service").ExitCode);
    }

    private (int ExitCode, string Output) SvcmgmtStdout(params string[] arguments)
    {
        var (exitCode, output, error) = _systemd.SvcmgmtApart(arguments);
        Assert.True(exitCode == 0, error);
        return (exitCode, output);
    }

    /// <summary>Each exported job's top-level scalar keys, by identity, read with a line reader of our own.</summary>
    private static Dictionary<(string Name, string Kind, string? User), Dictionary<string, string>> Jobs(string yaml)
    {
        var jobs = new List<Dictionary<string, string>>();
        foreach (var line in yaml.Split('\n'))
        {
            if (line.StartsWith("  - name: ", StringComparison.Ordinal))
            {
                jobs.Add(new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = line.Substring(10).Trim('"') });
            }
            else if (jobs.Count > 0 && line.StartsWith("    ", StringComparison.Ordinal) && !line.StartsWith("     ", StringComparison.Ordinal) && line.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon)
            {
                jobs[^1][line.Substring(4, colon - 4)] = line.Substring(colon + 2).Trim('"');
            }
        }

        return jobs.ToDictionary(j => (j["name"], j["kind"], j.TryGetValue("user", out var user) ? user : null));
    }

    /// <summary>Every file, drop-in and link under the unit directories, with its target or content hash.</summary>
    private string Fingerprint()
    {
        var (exitCode, listing) = _systemd.Inside("bash", "-c", "find /etc/systemd/system /etc/systemd/user /home/smtest/.config/systemd -printf '%p %l %s\\n' | sort; cat $(find /etc/systemd/system /etc/systemd/user /home/smtest/.config/systemd -type f | sort) | sha256sum");
        Assert.Equal(0, exitCode);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(listing)));
    }
}
