using System.Text.RegularExpressions;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Fleet;

/// <summary>
/// The Ansible collection (ansible/ansible_collections/servicemanagement/jobs) with Debian's ansible-core against
/// five fleet hosts over SSH: --check --diff shows each native file's change (secrets masked) and changes
/// nothing; an apply converges every host (its own systemd says so); a second run has changed=0; a bad job
/// fails with svcmgmt's message and exit code; a host taken down is unreachable while the others run.
/// </summary>
[Collection("real systemd")]
public sealed class FleetAnsibleTests
{
    private const string Secret = "s3cret-value-never-shown";

    private const string Playbook = """
        - hosts: fleet
          gather_facts: false
          tasks:
            - name: The site's jobs
              servicemanagement.jobs.background_jobs:
                content: "{{ lookup('file', 'jobs.yaml') }}"
                svcmgmt: "{{ svcmgmt }}"
            - name: One job more
              servicemanagement.jobs.background_job:
                name: sm.ansible.one
                kind: daemon
                program: /bin/sleep
                arguments: ["1000"]
                sandbox: basic
                svcmgmt: "{{ svcmgmt }}"
        """;

    private const string Broken = """
        - hosts: fleet
          gather_facts: false
          tasks:
            - servicemanagement.jobs.background_job:
                name: sm.ansible.broken
                kind: daemon
                program: not/absolute
                svcmgmt: "{{ svcmgmt }}"
        """;

    private const string WithoutOption = """
        - hosts: fleet
          gather_facts: false
          tasks:
            - servicemanagement.jobs.background_jobs:
                content: "jobs: []"
        """;

    private static string Jobs =>
        "jobs:\n" +
        "  - { name: sm.ansible.web, kind: daemon, program: /bin/sleep, arguments: [\"1000\"], sandbox: basic, environment: { TOKEN: { secret: " + Secret + " } } }\n";

    private static Dictionary<string, (int Ok, int Changed, int Unreachable, int Failed)> Recap(string output) =>
        Regex.Matches(output, @"^(host\d+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[5].Value, System.Globalization.CultureInfo.InvariantCulture)));

    [FleetFact]
    public void A_playbook_checks_diffs_converges_reports_no_change_again_and_survives_a_host_down()
    {
        Assert.True(Prerequisites.MissingFleet() is null, "The fleet's test hosts are required under CI: " + Prerequisites.MissingFleet());
        Assert.True(Prerequisites.FindOnPath("ansible-playbook") is not null, "ansible-core is required under CI (tests/run.sh installs it)");
        using var fleet = new FleetHosts(5);
        var work = Directory.CreateTempSubdirectory("sm-fleet-ansible-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "jobs.yaml"), Jobs);
            File.WriteAllText(Path.Combine(work, "site.yml"), Playbook);
            File.WriteAllText(Path.Combine(work, "broken.yml"), Broken);
            File.WriteAllText(Path.Combine(work, "without-option.yml"), WithoutOption);
            (int ExitCode, string Output) Play(string playbook, params string[] options) => FleetHosts.Run(new[]
            {
                "env", "ANSIBLE_COLLECTIONS_PATH=" + Repo.PathOf("ansible"), "ANSIBLE_HOME=" + Path.Combine(work, ".ansible"), "ANSIBLE_LOCAL_TEMP=" + Path.Combine(work, ".ansible", "tmp"),
                "ANSIBLE_HOST_KEY_CHECKING=False", "ANSIBLE_NOCOLOR=1", "ANSIBLE_RETRY_FILES_ENABLED=False",
                "sh", "-c", "cd \"$0\" && exec ansible-playbook \"$@\"", work, "-i", Path.Combine(fleet.State, "inventory.ini"), playbook,
            }.Concat(options).ToArray());
            var hosts = Enumerable.Range(1, 5).Select(i => "host" + i).ToList();
            void NotOnAnyHost(string unit) => Assert.All(fleet.Addresses, a => Assert.Equal("not-found", fleet.Ssh(a, "systemctl show --value -p LoadState " + unit).Output.Trim()));

            // Check and diff: every host would change, the native files' change is shown, the secret is not, nothing is written.
            var (_, check) = Play("site.yml", "--check", "--diff");
            Assert.Equal(hosts.Select(h => (h, (2, 2, 0, 0))), Recap(check).Select(r => (r.Key, r.Value)).OrderBy(r => r.Key, StringComparer.Ordinal));
            Assert.Contains("+++ after: /etc/systemd/system/sm.ansible.web.service", check, StringComparison.Ordinal);
            Assert.Contains("+ExecStart=/bin/sleep 1000", check, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, check, StringComparison.Ordinal);
            NotOnAnyHost("sm.ansible.web.service");
            NotOnAnyHost("sm.ansible.one.service");

            // Applied: each host's own systemd runs both jobs; a second run changes nothing.
            var (applyCode, apply) = Play("site.yml");
            Assert.True(applyCode == 0, apply);
            Assert.All(Recap(apply).Values, r => Assert.Equal((2, 2, 0, 0), r));
            Assert.All(fleet.Addresses, a => Assert.Equal("active\nactive", fleet.Ssh(a, "systemctl is-active sm.ansible.web.service sm.ansible.one.service").Output.Trim()));
            var (_, again) = Play("site.yml");
            Assert.Equal(5, Recap(again).Count);
            Assert.All(Recap(again).Values, r => Assert.Equal((2, 0, 0, 0), r));

            // A job svcmgmt refuses fails on every host with its message and exit code, and nothing is written.
            var (brokenCode, broken) = Play("broken.yml");
            Assert.NotEqual(0, brokenCode);
            Assert.All(Recap(broken).Values, r => Assert.Equal(1, r.Failed));
            Assert.Contains("\"rc\": 2", broken, StringComparison.Ordinal);
            Assert.Contains("program", broken, StringComparison.Ordinal);
            NotOnAnyHost("sm.ansible.broken.service");

            // Without the svcmgmt option the module looks on the target's PATH; the hosts have none there.
            var (_, withoutOption) = Play("without-option.yml");
            Assert.All(Recap(withoutOption).Values, r => Assert.Equal(1, r.Failed));
            Assert.Contains("svcmgmt was not found on the PATH of the target", withoutOption, StringComparison.Ordinal);

            // One host down: unreachable, and only it.
            Assert.Equal(0, FleetHosts.Fleet(fleet.State, "stop", "host3").ExitCode);
            var (_, partial) = Play("site.yml");
            var recap = Recap(partial);
            Assert.Equal((0, 0, 1, 0), recap["host3"]);
            Assert.All(recap.Where(r => r.Key != "host3").Select(r => r.Value), r => Assert.Equal((2, 0, 0, 0), r));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [FleetFact]
    public void The_modules_document_exactly_the_options_they_take()
    {
        foreach (var module in new[] { "background_job", "background_jobs" })
        {
            var source = File.ReadAllText(Repo.PathOf("ansible", "ansible_collections", "servicemanagement", "jobs", "plugins", "modules", module + ".py"));
            var taken = Regex.Matches(source, @"^\s{12}(\w+)=dict\(", RegexOptions.Multiline).Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal);
            var (exitCode, output) = FleetHosts.Run("env", "ANSIBLE_COLLECTIONS_PATH=" + Repo.PathOf("ansible"), "ansible-doc", "--json", "servicemanagement.jobs." + module);
            Assert.True(exitCode == 0, output);
            var documented = System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("servicemanagement.jobs." + module).GetProperty("doc").GetProperty("options")
                .EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(documented, taken);
        }
    }
}
