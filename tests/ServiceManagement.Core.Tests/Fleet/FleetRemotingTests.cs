using System.Text.RegularExpressions;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Fleet;

/// <summary>
/// Five hosts converged through PowerShell remoting over SSH with the module as it ships: -WhatIf changes
/// nothing anywhere, an apply converges every host (each host's own systemd says so), a host taken down
/// mid-run is an error record naming it while the other four converge, a second run changes nothing, views
/// format the objects that come back, and hosts converge to a reference host's export.
/// </summary>
[Collection("real systemd")]
public sealed class FleetRemotingTests
{
    private const string Version1 =
        "jobs:\n" +
        "  - { name: sm.fleet.web, kind: daemon, program: /bin/sleep, arguments: [\"1000\"], sandbox: basic }\n";

    private const string Version2 = Version1 +
        "  - { name: sm.fleet.tick, kind: daemon, program: /bin/true, schedule: { every: 1h }, sandbox: basic }\n";

    [FleetFact]
    public void A_configuration_converges_five_hosts_and_a_host_down_is_its_own_error()
    {
        Assert.True(Prerequisites.MissingFleet() is null, "The fleet's test hosts are required under CI: " + Prerequisites.MissingFleet());
        using var fleet = new FleetHosts(5);
        var work = Directory.CreateTempSubdirectory("sm-fleet-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "v1.yaml"), Version1);
            File.WriteAllText(Path.Combine(work, "v2.yaml"), Version2);
            var addresses = string.Join(", ", fleet.Addresses.Select(a => $"'{a}'"));
            var script = $$"""
                $ErrorActionPreference = 'Continue'
                Import-Module '{{Repo.PathOf("out", "ServiceManagement", "ServiceManagement.psd1")}}' -ErrorAction Stop
                $options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
                $sessions = @({{addresses}} | ForEach-Object { New-PSSession -HostName $_ -UserName root -KeyFilePath '{{fleet.Key}}' -Options $options -ErrorAction Stop })
                function Report($label, $objects) { foreach ($o in $objects) { if ($o.ComputerName) { "$label $($o.ComputerName) desired=$($o.InDesiredState) created=$($o.Created) updated=$($o.Updated) unchanged=$($o.Unchanged) failed=$($o.Failed)" } } }

                $whatIf = Invoke-BackgroundJobConfiguration -Path '{{work}}/v1.yaml' -Session $sessions -ThrottleLimit 5 -WhatIf 6>&1 5>&1 4>&1
                Report 'WHATIF' $whatIf
                $applied = Invoke-BackgroundJobConfiguration -Path '{{work}}/v1.yaml' -Session $sessions -ThrottleLimit 5 -Confirm:$false
                Report 'APPLY1' $applied
                $change = @($applied | Where-Object Action)[0]
                "CHANGE $($change.PSComputerName) $($change.Name) $($change.Changes[0].Property)=$($change.Changes[0].Desired)"

                $env:SM_FLEET_STATE = '{{fleet.State}}'
                & bash '{{Repo.PathOf("tests", "fleet", "fleet.sh")}}' stop host3 *> $null
                Report 'APPLY2' (Invoke-BackgroundJobConfiguration -Path '{{work}}/v2.yaml' -Session $sessions -ThrottleLimit 5 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue)
                foreach ($e in $failed) { "ERROR target=$($e.TargetObject) category=$($e.CategoryInfo.Category) message=$($e.ErrorDetails.Message -replace '\s+', ' ')" }

                $live = @($sessions | Where-Object State -eq 'Opened')
                Report 'AGAIN' (Invoke-BackgroundJobConfiguration -Path '{{work}}/v2.yaml' -Session $live -Confirm:$false)
                $status = Get-BackgroundJobStatus -Session $live -Name 'sm.fleet.*'
                "STATUS $(@($status).Count) $(@($status | Where-Object State -eq 'Running').Count) $($status[0].PSObject.TypeNames[0])"
                ($status | Format-Table | Out-String -Width 200) -split "`n" | Select-Object -First 2 | ForEach-Object { "VIEW $_" }

                Invoke-Command -Session $live[0] -ScriptBlock { Import-Module ServiceManagement; New-Daemon -Name sm.fleet.extra -Program /bin/sleep -Arguments 1000 -Confirm:$false } | Out-Null
                $reference = Export-BackgroundJobConfiguration -Session $live[0] -ManagedOnly
                "REFERENCE $($reference.PSComputerName)"
                Report 'FOLLOW' (Invoke-BackgroundJobConfiguration -Session $live[1..($live.Count - 1)] -Content "$reference" -Prune -Confirm:$false)
                Report 'TEST' (Test-BackgroundJobConfiguration -Session $live -Content "$reference" -Quiet)
                $sessions | Remove-PSSession
                """;
            var (exitCode, output) = FleetHosts.PowerShell(script);
            Assert.True(exitCode == 0, output);
            var lines = output.Split('\n').Select(l => l.Trim()).ToList();
            IEnumerable<string> Tagged(string tag) => lines.Where(l => l.StartsWith(tag + " ", StringComparison.Ordinal));
            string Expected(string tag, string address, string rest) => $"{tag} {address} {rest}";

            // What-if: every host's plan, and nothing changed anywhere.
            Assert.Equal(fleet.Addresses.Select(a => Expected("WHATIF", a, "desired=False created=1 updated=0 unchanged=0 failed=False")), Tagged("WHATIF"));
            Assert.Contains(lines, l => l.StartsWith($"What if: {fleet.Addresses[0]}: create daemon sm.fleet.web", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("+++ /etc/systemd/system/sm.fleet.web.service", StringComparison.Ordinal));

            // The first apply converged all five (each host's own systemd was asked below, after the second).
            Assert.Equal(fleet.Addresses.Select(a => Expected("APPLY1", a, "desired=False created=1 updated=0 unchanged=0 failed=False")), Tagged("APPLY1"));

            // Property changes come back as objects (the module's types file raises their serialization depth).
            Assert.Equal($"CHANGE {fleet.Addresses[0]} sm.fleet.web program=/bin/sleep", Assert.Single(Tagged("CHANGE")));

            // Host 3 went down before the second apply: its error names it, the other four converged.
            var down = fleet.Addresses[2];
            Assert.Equal(
                fleet.Addresses.Select(a => a == down ? Expected("APPLY2", a, "desired=False created=0 updated=0 unchanged=0 failed=True") : Expected("APPLY2", a, "desired=False created=1 updated=0 unchanged=1 failed=False")),
                Tagged("APPLY2"));
            var error = Assert.Single(Tagged("ERROR"));
            Assert.StartsWith($"ERROR target={down} category=", error, StringComparison.Ordinal);
            Assert.Contains($"message={down}: ", error, StringComparison.Ordinal);
            foreach (var address in fleet.Addresses.Where(a => a != down))
            {
                Assert.Equal("active\nactive", fleet.Ssh(address, "systemctl is-active sm.fleet.web.service sm.fleet.tick.timer").Output.Trim());
            }

            // A second run changes nothing anywhere; the objects that come back keep their views.
            var live = fleet.Addresses.Where(a => a != down).ToList();
            Assert.Equal(live.Select(a => Expected("AGAIN", a, "desired=True created=0 updated=0 unchanged=2 failed=False")), Tagged("AGAIN"));
            Assert.Equal("STATUS 8 4 Deserialized.ServiceManagement.Model.BackgroundJobStatus", Assert.Single(Tagged("STATUS")));
            Assert.Matches(new Regex(@"^VIEW\s+Name\s+State\s+PID\s+Memory\(MB\)"), Tagged("VIEW").First(l => l.Length > 5));

            // Hosts follow the reference host's export: an extra job there only reaches them through it.
            Assert.Equal($"REFERENCE {live[0]}", Assert.Single(Tagged("REFERENCE")));
            Assert.Equal(live.Skip(1).Select(a => Expected("FOLLOW", a, "desired=False created=1 updated=0 unchanged=2 failed=False")), Tagged("FOLLOW"));
            Assert.Equal(live.Select(a => Expected("TEST", a, "desired=True created=0 updated=0 unchanged=3 failed=False")), Tagged("TEST"));
            Assert.All(live.Skip(1), address => Assert.Equal("loaded", fleet.Ssh(address, "systemctl show --value -p LoadState sm.fleet.extra.service").Output.Trim()));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
