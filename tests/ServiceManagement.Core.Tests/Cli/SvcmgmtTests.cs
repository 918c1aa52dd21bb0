using System.Text.Json;
using ServiceManagement.Cli;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Cli;

public sealed class SvcmgmtTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => InProcessSvcmgmt.Run(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Validate_prints_all_three_mistakes_with_line_and_column()
    {
        var path = Write("three.yaml", "jobs:\n  - name: com.example.one\n    kind: daemon\n    progam: /usr/bin/one\n  - name: com.example.two\n    kind: daemon\n    program: bin/two\n  - name: com.example.three\n    kind: daemon\n    program: /usr/bin/three\n    schedule: { cron: \"0 25 * * *\" }\n");
        var (exitCode, output, _) = Run("validate", path, "--platform", "none");
        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:4:5: error: jobs[0].progam: Unknown key 'progam'. Did you mean 'program'?", output, StringComparison.Ordinal);
        Assert.Contains($"{path}:7:14: error: jobs[1].program: 'bin/two' is not an absolute path", output, StringComparison.Ordinal);
        Assert.Contains($"{path}:11:23: error: jobs[2].schedule.cron: The hour value 25 is out of range", output, StringComparison.Ordinal);
        Assert.Contains("invalid, 3 error(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_a_problem_once_though_the_platform_check_words_it_its_way()
    {
        var path = Write("relative.yaml", "jobs:\n  - name: com.example.rel\n    kind: daemon\n    program: bin/rel\n    watch: { paths: [in/box] }\n");
        var (exitCode, output, _) = Run("validate", path, "--platform", "linux");
        Assert.Equal(2, exitCode);
        Assert.Single(output.Split('\n'), l => l.Contains("jobs[0].program:", StringComparison.Ordinal));
        Assert.Single(output.Split('\n'), l => l.Contains("jobs[0].watch.paths[0]:", StringComparison.Ordinal));
        Assert.Contains("invalid, 2 error(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_exits_zero_for_a_valid_file_and_reports_json()
    {
        var (exitCode, output, _) = Run("validate", Repo.PathOf("samples", "backup.yaml"), "--platform", "linux", "--json");
        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public void Validate_checks_each_platform_with_all()
    {
        var (exitCode, output, _) = Run("validate", Repo.PathOf("samples", "workstation.yaml"), "--platform", "all", "--json");
        Assert.Equal(2, exitCode);
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("message").GetString()!.StartsWith("on macos: launchd cannot express dependencies", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.GetProperty("message").GetString()!.StartsWith("on windows:", StringComparison.Ordinal) && f.GetProperty("severity").GetString() == "error");
        Assert.DoesNotContain(findings, f => f.GetProperty("message").GetString()!.StartsWith("on linux:", StringComparison.Ordinal));
        Assert.All(findings, f => Assert.True(f.GetProperty("line").GetInt32() > 0));
    }

    [Fact]
    public void Support_prints_the_matrix_as_a_table_and_as_json()
    {
        var (exitCode, output, _) = Run("support");
        Assert.Equal(0, exitCode);
        Assert.Matches(@"(?m)^sockets\s+native\s+native\s+unsupported\s+unsupported\s+unsupported\s+unsupported$", output);

        var (_, json, _) = Run("support", "--platform", "launchd", "--json");
        var entries = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(ServiceManagement.Validation.SupportMatrix.Properties.Count, entries.Count);
        Assert.All(entries, e => Assert.Equal("launchd", e.GetProperty("platform").GetString()));
        Assert.Contains(entries, e => e.GetProperty("property").GetString() == "dependencies" && e.GetProperty("level").GetString() == "unsupported");
    }

    [Fact]
    public void Convert_round_trips_between_yaml_and_dsc()
    {
        var dsc = Path.Combine(_directory, "dsc.yaml");
        Assert.Equal(0, Run("convert", Repo.PathOf("samples", "workstation.yaml"), "--to", "dsc", "--output", dsc).ExitCode);
        Assert.StartsWith("$schema: https://aka.ms/dsc/schemas/v3/bundled/config/document.json\nresources:\n", File.ReadAllText(dsc), StringComparison.Ordinal);
        var (exitCode, yaml, error) = Run("convert", dsc, "--to", "yaml");
        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Equal(Run("convert", Repo.PathOf("samples", "workstation.yaml"), "--to", "yaml").Output, yaml);
    }

    [Fact]
    public void Convert_refuses_invalid_input_and_writes_nothing()
    {
        var input = Write("bad.yaml", "jobs: [{ name: a, kind: daemon, program: relative }]\n");
        var target = Path.Combine(_directory, "out.yaml");
        var (exitCode, output, error) = Run("convert", input, "--to", "yaml", "--output", target);
        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("PathNotAbsolute", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Convert_replaces_an_existing_output_file()
    {
        var target = Write("out.yaml", "old content\n");
        Assert.Equal(0, Run("convert", Repo.PathOf("samples", "backup.yaml"), "--to", "yaml", "--output", target).ExitCode);
        Assert.StartsWith("jobs:\n  - name: com.example.backup\n", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Equal(new[] { target }, Directory.GetFiles(_directory));
    }

    [Fact]
    public void Convert_writes_systemd_units_and_reads_them_back()
    {
        var linux = Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Samples", "linux.yaml");
        var daemons = Write("daemons.yaml", Run("convert", linux, "--to", "yaml").Output.Replace("\n  - name: com.example.notes", "\n  - name: SPLIT", StringComparison.Ordinal).Split("\n  - name: SPLIT")[0] + "\n");
        var (exitCode, units, error) = Run("convert", daemons, "--to", "systemd");
        Assert.True(exitCode == 0, error);
        Assert.Contains("# ---- com.example.listener-control.socket\n", units, StringComparison.Ordinal);
        var unitsFile = Write("all.service", units);
        var (backCode, yaml, backError) = Run("convert", unitsFile, "--from", "systemd", "--to", "yaml");
        Assert.True(backCode == 0, backError);
        Assert.Equal(Run("convert", daemons, "--to", "yaml").Output, FromMachine(yaml));
    }

    [Fact]
    public void Convert_reads_a_lone_service_with_its_timer_beside_it()
    {
        Write("tick.service", "[Unit]\nDescription=Tick\n[Service]\nExecStart=/bin/tick --fast\nNice=5\n");
        Write("tick.timer", "[Timer]\nOnCalendar=daily\nRandomizedDelaySec=5m\n");
        var (exitCode, yaml, error) = Run("convert", Path.Combine(_directory, "tick.service"), "--to", "yaml");
        Assert.True(exitCode == 0, error);
        Assert.Contains("program: /bin/tick", yaml, StringComparison.Ordinal);
        Assert.Contains("      Timer:\n        OnCalendar: daily\n        RandomizedDelaySec: 5m\n", yaml, StringComparison.Ordinal);
        Assert.Contains("nice: 5", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_writes_desktop_entries_only_for_login_items()
    {
        var item = Write("item.yaml", "jobs: [{ name: com.example.item, kind: loginItem, program: /usr/bin/item, arguments: [a b] }]\n");
        var (exitCode, entry, _) = Run("convert", item, "--to", "desktop");
        Assert.Equal(0, exitCode);
        Assert.Contains("Exec=/usr/bin/item \"a b\"\n", entry, StringComparison.Ordinal);
        var back = Run("convert", Write("com.example.item.desktop", entry), "--to", "yaml");
        Assert.Equal(Run("convert", item, "--to", "yaml").Output, FromMachine(back.Output));

        var (daemonCode, _, daemonError) = Run("convert", Repo.PathOf("samples", "backup.yaml"), "--to", "desktop");
        Assert.Equal(2, daemonCode);
        Assert.Contains("only login items are desktop entries", daemonError, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_writes_launchd_plists_and_reads_xml_and_binary_ones_back()
    {
        var yaml = Write("mac.yaml", "jobs: [{ name: com.example.mac, kind: daemon, program: /usr/local/bin/mac, arguments: [a b], schedule: { cron: \"0 3 * * *\" } }]\n");
        var (exitCode, plist, error) = Run("convert", yaml, "--to", "launchd");
        Assert.True(exitCode == 0, error);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist", plist, StringComparison.Ordinal);
        var xml = Write("com.example.mac.plist", plist);
        var expected = Run("convert", yaml, "--to", "yaml").Output;
        Assert.Equal(expected, FromMachine(Run("convert", xml, "--to", "yaml").Output));

        var binary = Path.Combine(_directory, "binary.plist");
        Assert.True(new ServiceManagement.Processes.ProcessCommandRunner().Run(ServiceManagement.Processes.CommandLine.Of("python3", Repo.PathOf("tests", "launchd", "plisttool.py"), "binary", xml, binary)).Succeeded);
        Assert.Equal(expected, FromMachine(Run("convert", binary, "--to", "yaml").Output));

        var (badCode, _, badError) = Run("convert", Write("bad.plist", "<plist><dict><key>Label</key>"), "--to", "yaml");
        Assert.Equal(2, badCode);
        Assert.Contains("Not a property list", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void List_reads_every_job_under_a_root_directory()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "etc/systemd/system"));
        Write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        Directory.CreateDirectory(Path.Combine(_directory, "usr/lib/systemd/system"));
        File.WriteAllText(Path.Combine(_directory, "etc/systemd/system/ours.service"), "[Unit]\nX-ServiceManagement-Managed=yes\n[Service]\nExecStart=/bin/ours\n");
        File.WriteAllText(Path.Combine(_directory, "usr/lib/systemd/system/vendor.service"), "[Service]\nExecStart=/bin/vendor\n");
        var (exitCode, output, error) = Run("list", "--root", _directory, "--json");
        Assert.True(exitCode == 0, error);
        var jobs = JsonDocument.Parse(output).RootElement.EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!, j => j.GetProperty("managed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["ours"] = true, ["vendor"] = false }, jobs);
        var table = Run("list", "--root", _directory, "--managed").Output;
        Assert.Contains("ours", table, StringComparison.Ordinal);
        Assert.DoesNotContain("vendor", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("convert", "x.yaml")]
    [InlineData("convert", "x.yaml", "--to", "plist")]
    [InlineData("support", "--platform", "solaris")]
    [InlineData("frobnicate")]
    public void Bad_usage_exits_two(params string[] args)
    {
        var (exitCode, _, error) = Run(args);
        Assert.Equal(2, exitCode);
        Assert.Contains("svcmgmt --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_two_with_its_name()
    {
        var (exitCode, _, error) = Run("validate", "/nonexistent/jobs.yaml");
        Assert.Equal(2, exitCode);
        Assert.Contains("'/nonexistent/jobs.yaml' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_documents_the_exit_codes()
    {
        var (exitCode, output, _) = Run("--help");
        Assert.Equal(0, exitCode);
        Assert.Contains(ExitCodes.HelpText, output, StringComparison.Ordinal);
        Assert.Contains("validate", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_and_the_version_are_answered_for_any_command()
    {
        // Arguments that may ask for them are parsed by a RootCommand; others by a plain root (SvcmgmtApp.MayAskForHelp).
        var (exitCode, output, _) = Run("dsc", "test", "--help");
        Assert.Equal(0, exitCode);
        Assert.Contains("--input", output, StringComparison.Ordinal);
        (exitCode, output, _) = Run("status", "-h");
        Assert.Equal(0, exitCode);
        Assert.Contains("--sort", output, StringComparison.Ordinal);
        (exitCode, output, _) = Run("--version");
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^\d+\.\d+", output);
    }

    [Fact]
    public void A_mistake_is_named_in_System_CommandLine_s_words_by_the_plain_root_too()
    {
        var (exitCode, _, error) = Run("validate", "--bogus", "x.yaml");
        Assert.Equal(2, exitCode);
        Assert.Contains("Unrecognized command or argument 'x.yaml'.", error, StringComparison.Ordinal);
        (exitCode, _, error) = Run("dsc");
        Assert.Equal(2, exitCode);
        Assert.Contains("Required command was not provided.", error, StringComparison.Ordinal);
    }

    /// <summary>A job read from a native file says it describes a job as a machine has it; without that line it reads as the authored original.</summary>
    private static string FromMachine(string yaml)
    {
        Assert.Contains("    origin: machine\n", yaml, StringComparison.Ordinal);
        return yaml.Replace("    origin: machine\n", string.Empty, StringComparison.Ordinal);
    }
}
