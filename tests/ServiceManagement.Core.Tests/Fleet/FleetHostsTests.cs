using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Fleet;

/// <summary>
/// The fleet's test hosts (tests/fleet/fleet.sh) keep their promises: each host is its own machine (its own
/// systemd, address and jobs), reached by SSH as root with the fleet's key and by PowerShell remoting over SSH
/// with the module; one host can be taken down while the others run; and down leaves nothing behind.
/// </summary>
[Collection("real systemd")]
public sealed class FleetHostsTests
{
    [FleetFact]
    public void Hosts_are_machines_of_their_own_reached_by_ssh_and_remoting_and_go_down_without_a_trace()
    {
        Assert.True(Prerequisites.MissingFleet() is null, "The fleet's test hosts are required under CI: " + Prerequisites.MissingFleet());
        var state = Path.Combine("/tmp", "sm-fleet-test-" + Guid.NewGuid().ToString("N"));
        var sentinel = Path.Combine("/tmp", "sm-fleet-sentinel-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(sentinel, "the fleet must not touch the machine's /tmp");
        try
        {
            var (upCode, upOutput) = FleetHosts.Fleet(state, "up", "2");
            Assert.True(upCode == 0, upOutput);
            var lines = upOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p[1]);
            var (one, two, key) = (lines["host1"], lines["host2"], lines["key"]);
            Assert.NotEqual(one, two);

            // Each host is its own machine: its own systemd as PID 1, and a job made on one is not on the other.
            Assert.Equal("systemd", FleetHosts.Ssh(key, one, "cat /proc/1/comm").Output.Trim());
            File.WriteAllText(Path.Combine(state, "host1", "share", "fleet.yaml"), "jobs:\n  - { name: sm.fleet, kind: daemon, program: /bin/sleep, arguments: [\"1000\"] }\n");
            var created = FleetHosts.Ssh(key, one, "/run/svcmgmt/svcmgmt new /run/sm-share/fleet.yaml --start && systemctl is-active sm.fleet.service");
            Assert.True(created.ExitCode == 0 && created.Output.Trim().EndsWith("active", StringComparison.Ordinal), created.Output);
            Assert.Equal("not-found", FleetHosts.Ssh(key, two, "systemctl show --value -p LoadState sm.fleet.service").Output.Trim());

            // PowerShell remoting over SSH reaches the module on both, one result per host, typed for its views.
            var script = $$"""
                $options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
                $sessions = '{{one}}', '{{two}}' | ForEach-Object { New-PSSession -HostName $_ -UserName root -KeyFilePath '{{key}}' -Options $options -ErrorAction Stop }
                $results = Invoke-Command -Session $sessions -ThrottleLimit 2 -ScriptBlock { Import-Module ServiceManagement; Get-BackgroundJobStatus -Name 'sm.fleet*' }
                $results | ForEach-Object { '{0} {1} {2} {3}' -f $_.PSComputerName, $_.Name, $_.State, $_.PSObject.TypeNames[0] }
                $sessions | Remove-PSSession
                """;
            var remoting = FleetHosts.PowerShell(script);
            Assert.True(remoting.ExitCode == 0, remoting.Output);
            Assert.Equal($"{one} sm.fleet Running Deserialized.ServiceManagement.Model.BackgroundJobStatus", remoting.Output.Trim());

            var inventory = File.ReadAllText(lines["inventory"]);
            Assert.Contains($"host1 ansible_host={one}", inventory, StringComparison.Ordinal);
            Assert.Contains($"host2 ansible_host={two}", inventory, StringComparison.Ordinal);

            // One host down mid-run; the other goes on.
            Assert.Equal(0, FleetHosts.Fleet(state, "stop", "host2").ExitCode);
            Assert.Equal(255, FleetHosts.Ssh(key, two, "true").ExitCode);
            Assert.Equal("active", FleetHosts.Ssh(key, one, "systemctl is-active sm.fleet.service").Output.Trim());
        }
        finally
        {
            Assert.Equal(0, FleetHosts.Fleet(state, "down").ExitCode);
        }

        Assert.False(Directory.Exists(state));
        Assert.NotEqual(0, FleetHosts.Run("ip", "link", "show", "smfleet0").ExitCode);
        Assert.DoesNotContain("smv", FleetHosts.Run("ip", "-br", "link").Output, StringComparison.Ordinal);
        Assert.DoesNotContain(state, FleetHosts.Run("ps", "-eo", "args").Output, StringComparison.Ordinal);
        Assert.True(File.Exists(sentinel), "The sentinel in the machine's /tmp is gone: the fleet touched the machine.");
        File.Delete(sentinel);
    }
}
