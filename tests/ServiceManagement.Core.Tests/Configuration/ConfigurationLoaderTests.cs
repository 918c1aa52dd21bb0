using System.Text;
using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Configuration;

public class ConfigurationLoaderTests
{
    private static ConfigurationLoadResult Parse(string yaml) => ConfigurationLoader.Parse(yaml, "test.yaml");

    private static IReadOnlyList<Finding> AllFindings(string yaml) => ConfigurationValidator.Validate(Parse(yaml));

    private static Finding SingleError(string yaml)
    {
        var errors = AllFindings(yaml).Where(f => f.Severity == FindingSeverity.Error).ToList();
        Assert.True(errors.Count == 1, "Expected one error, got: " + string.Join(" | ", errors));
        return errors[0];
    }

    [Fact]
    public void Reads_every_documented_key()
    {
        var result = ConfigurationLoader.LoadFile(Support.Repo.PathOf("samples", "backup.yaml"));
        Assert.Empty(ConfigurationValidator.Validate(result));
        var entry = Assert.Single(result.Document!.Entries);
        var d = entry.Definition;
        Assert.Equal(("com.example.backup", JobKind.Daemon, JobScope.System), (d.Name, d.Kind, d.Scope));
        Assert.Equal("/usr/local/bin/backup", d.Program);
        Assert.Equal(new[] { "--full", "--target", "/srv/backup" }, d.Arguments);
        Assert.Equal("/srv", d.WorkingDirectory);
        Assert.Equal("UTC", d.Environment["TZ"]);
        Assert.Equal(new RunAs { User = "backup", Group = "backup" }, d.RunAs);
        Assert.Equal("Nightly backup", d.Description);
        Assert.Equal(StartupType.Automatic, d.StartupType);
        Assert.Equal(new RestartPolicy(RestartCondition.OnFailure) { Delay = Duration.Parse("10s") }, d.Restart);
        Assert.Equal(Schedule.OnCron("0 2 * * *"), d.Schedule);
        Assert.Equal(("/var/log/backup.log", "/var/log/backup.err"), (d.StandardOutputPath, d.StandardErrorPath));
        Assert.Equal(Ensure.Present, entry.Ensure);
        var service = Assert.IsType<RawMap>(d.Systemd["Service"]);
        Assert.Equal(new RawScalar("5"), service.Entries["Nice"]);
    }

    [Fact]
    public void Reads_sockets_limits_sandbox_and_typed_extras()
    {
        var document = ConfigurationLoader.Load(Support.Repo.PathOf("samples", "workstation.yaml"));
        var web = document.Entries[0].Definition;
        Assert.Equal(new SocketSpec("http", SocketProtocol.Tcp) { Address = "127.0.0.1", Port = 8080 }, web.Sockets[0]);
        Assert.Equal(new SocketSpec("control", SocketProtocol.Unix) { Path = "/run/web/control.sock" }, web.Sockets[1]);
        Assert.Equal(new ResourceLimits { OpenFiles = 65536, MemoryBytes = 512L << 20, CpuPercent = 150, Nice = 5 }, web.ResourceLimits);
        Assert.Equal(SandboxProfile.Strict, web.Sandbox);
        Assert.Equal(new RestartThrottle(5, Duration.Parse("1m")), web.Restart!.Throttle);
        Assert.Equal(new[] { "--port", "8080", "--verbose", "true" }, web.Arguments);
        Assert.Equal("4", web.Environment["WEB_WORKERS"]);
        Assert.Equal("s3cr3t", web.Environment["WEB_TOKEN"]);
        Assert.Equal(new[] { "WEB_TOKEN" }, web.SecretEnvironment);
        Assert.Equal(Ensure.Absent, document.Entries[3].Ensure);
    }

    [Fact]
    public void Keeps_the_yaml_type_of_raw_scalars()
    {
        var d = Parse("jobs:\n  - { name: a, kind: daemon, program: /a, launchd: { RunAtLoad: true, KeepAlive: False, Nice: 5, Ratio: 0.5, Label: \"5\" } }\n").Document!.Entries[0].Definition;
        Assert.Equal(new RawScalar("true", RawScalarType.Boolean), d.Launchd["RunAtLoad"]);
        Assert.Equal(new RawScalar("false", RawScalarType.Boolean), d.Launchd["KeepAlive"]);
        Assert.Equal(new RawScalar("5", RawScalarType.Integer), d.Launchd["Nice"]);
        Assert.Equal(new RawScalar("0.5", RawScalarType.Real), d.Launchd["Ratio"]);
        Assert.Equal(new RawScalar("5", RawScalarType.String), d.Launchd["Label"]);
    }

    [Theory]
    [InlineData("daemon", JobScope.System)]
    [InlineData("agent", JobScope.User)]
    [InlineData("loginItem", JobScope.User)]
    public void Defaults_the_scope_by_kind(string kind, JobScope scope)
    {
        Assert.Equal(scope, Parse($"jobs: [{{ name: a, kind: {kind}, program: /a }}]").Document!.Entries[0].Definition.Scope);
    }

    [Theory]
    [InlineData("512", 512L)]
    [InlineData("\"64K\"", 64L << 10)]
    [InlineData("1G", 1L << 30)]
    [InlineData("2T", 2L << 40)]
    public void Reads_memory_as_bytes_or_binary_units(string yaml, long bytes)
    {
        Assert.Equal(bytes, Parse($"jobs: [{{ name: a, kind: daemon, program: /a, resourceLimits: {{ memory: {yaml} }} }}]").Document!.Entries[0].Definition.ResourceLimits!.MemoryBytes);
    }

    [Fact]
    public void Locates_errors_at_line_and_column()
    {
        var finding = SingleError("jobs:\n  - name: a\n    kind: daemon\n    program: /a\n    schedule:\n      cron: \"0 25 * * *\"\n");
        Assert.Equal(("CronInvalid", "jobs[0].schedule.cron"), (finding.Code, finding.Path));
        Assert.Equal(new SourceLocation("test.yaml", 6, 13), finding.Location);
    }

    [Fact]
    public void Names_unknown_keys_and_suggests_the_nearest()
    {
        var finding = SingleError("jobs:\n  - name: a\n    kind: daemon\n    program: /a\n    workingDirectroy: /srv\n");
        Assert.Equal(("UnknownKey", "jobs[0].workingDirectroy"), (finding.Code, finding.Path));
        Assert.Contains("Did you mean 'workingDirectory'?", finding.Message, StringComparison.Ordinal);
        Assert.Equal((5, 5), (finding.Location!.Line, finding.Location.Column));
    }

    [Fact]
    public void Suggests_the_right_spelling_of_an_enum_value()
    {
        var finding = SingleError("jobs: [{ name: a, kind: Daemon, program: /a }]");
        Assert.Equal("ValueInvalid", finding.Code);
        Assert.Contains("Did you mean 'daemon'?", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arguments: --full", "Expected a list, found a string")]
    [InlineData("environment: [A]", "Expected a mapping of names to values, found a list")]
    [InlineData("description: 12", "Expected a string, found a number. Quote it")]
    [InlineData("description: ~", "Expected a string, found null")]
    [InlineData("restart: { policy: always, delay: 10 }", "found the bare number 10; write it like 10s")]
    [InlineData("sockets: [{ name: a, protocol: tcp, port: \"80\" }]", "Expected a whole number, found the string \"80\"")]
    [InlineData("sockets: [{ name: a, protocol: tcp, port: 70000 }]", "needs a port from 1 to 65535")]
    [InlineData("resourceLimits: { nice: 25 }", "nice runs from -20 (most favoured) to 19")]
    [InlineData("resourceLimits: { cpuPercent: 200000 }", "cpuPercent runs up to 100000")]
    [InlineData("resourceLimits: { nice: 1.5 }", "Expected a whole number, found a number")]
    [InlineData("runAs: root", "Expected a mapping, found a string")]
    public void Names_the_key_and_the_expected_type(string line, string message)
    {
        var finding = SingleError($"jobs:\n  - name: a\n    kind: daemon\n    program: /a\n    {line}\n");
        Assert.Contains(message, finding.Message, StringComparison.Ordinal);
        Assert.Equal(5, finding.Location!.Line);
    }

    [Fact]
    public void Reports_a_missing_required_key_at_its_job()
    {
        var finding = SingleError("jobs:\n  - kind: daemon\n    program: /a\n");
        Assert.Equal(("KeyMissing", "jobs[0].name"), (finding.Code, finding.Path));
        Assert.Equal(2, finding.Location!.Line);
    }

    [Fact]
    public void Reports_mistakes_in_several_jobs_in_one_pass()
    {
        var findings = AllFindings("jobs:\n  - { name: a, kind: daemon, progam: /a }\n  - { name: b, kind: daemon, program: b }\n  - { name: c, kind: daemon, program: /c, schedule: { every: 0s } }\n")
            .Where(f => f.Severity == FindingSeverity.Error).Select(f => (f.Code, f.Location!.Line)).ToList();
        Assert.Equal(new[] { ("UnknownKey", 2), ("PathNotAbsolute", 3), ("DurationNotPositive", 4) }, findings);
    }

    [Fact]
    public void Reads_a_dsc_v3_configuration_document()
    {
        var result = ConfigurationLoader.LoadFile(Support.Repo.PathOf("samples", "dsc-configuration.yaml"));
        Assert.Empty(ConfigurationValidator.Validate(result));
        Assert.Equal(ConfigurationForm.Dsc, result.Document!.Form);
        Assert.Equal(new[] { ("com.example.backup", Ensure.Present), ("com.example.old", Ensure.Absent) }, result.Document.Entries.Select(e => (e.Definition.Name, e.Ensure)));
        Assert.Equal("resources[1].properties", result.Document.Entries[1].EntryPath);
    }

    [Fact]
    public void Skips_other_dsc_resources_with_a_note_and_locates_errors_under_properties()
    {
        var findings = AllFindings("resources:\n  - { name: r, type: Microsoft.Windows/Registry, properties: {} }\n  - name: j\n    type: ServiceManagement/BackgroundJob\n    properties:\n      name: j\n      kind: daemon\n      program: relative\n");
        Assert.Equal(new[] { ("ResourceSkipped", FindingSeverity.Info, "resources[0]"), ("PathNotAbsolute", FindingSeverity.Error, "resources[1].properties.program") },
            findings.Select(f => (f.Code, f.Severity, f.Path)));
        Assert.Equal(8, findings[1].Location!.Line);
    }

    [Fact]
    public void Rejects_contradicting_exist_and_ensure()
    {
        var finding = SingleError("resources:\n  - name: j\n    type: ServiceManagement/BackgroundJob\n    properties: { name: j, kind: daemon, program: /j, ensure: present, _exist: false }\n");
        Assert.Equal("EnsureConflict", finding.Code);
    }

    [Fact]
    public void Accepts_exist_only_in_dsc_documents()
    {
        Assert.Equal("UnknownKey", SingleError("jobs: [{ name: j, kind: daemon, program: /j, _exist: false }]").Code);
    }

    [Fact]
    public void Shares_aliased_nodes_without_copying_them()
    {
        var result = ConfigurationLoader.LoadFile(Support.Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Samples", "valid", "anchors.yaml"));
        var entries = result.Document!.Entries;
        Assert.Equal(entries[0].Definition.Environment, entries[1].Definition.Environment);
        Assert.Empty(ConfigurationValidator.Validate(result));
    }

    [Fact]
    public void Refuses_an_alias_bomb_without_expanding_it()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        var finding = SingleError(yaml.Append("jobs: []\n").ToString());
        Assert.Equal("YamlInvalid", finding.Code);
        Assert.Contains("refused unexpanded", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_nesting_deeper_than_the_limit()
    {
        var finding = SingleError("jobs: " + new string('[', 5000) + new string(']', 5000));
        Assert.Contains("nests deeper than 64", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs: []\njobs: []\n", "appears twice")]
    [InlineData("jobs: []\n---\njobs: []\n", "more than one YAML document")]
    [InlineData("jobs: !!python/object:os.system []\n", "tag")]
    [InlineData("jobs: [*nowhere]\n", "refers to no anchor")]
    [InlineData("jobs: [\n", "not valid YAML")]
    [InlineData("jobs:\n\t- a\n", "not valid YAML")]
    [InlineData("? [a, b]\n: c\n", "mapping key must be a plain value")]
    public void Refuses_malformed_yaml_with_a_location(string yaml, string message)
    {
        var finding = SingleError(yaml);
        Assert.Equal("YamlInvalid", finding.Code);
        Assert.Contains(message, finding.Message, StringComparison.Ordinal);
        Assert.NotNull(finding.Location);
    }

    [Theory]
    [InlineData("", "ConfigurationShape")]
    [InlineData("just a string", "ConfigurationShape")]
    [InlineData("- a\n- b\n", "ConfigurationShape")]
    [InlineData("{}", "JobsMissing")]
    [InlineData("jobs: [1]", "WrongType")]
    public void Refuses_documents_of_the_wrong_shape(string yaml, string code)
    {
        Assert.Equal(code, SingleError(yaml).Code);
    }

    [Fact]
    public void Load_throws_a_typed_error_carrying_every_finding()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sm-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "jobs:\n  - { name: a, kind: daemon, progam: /a }\n  - { name: b, kind: daemon, program: b }\n");
        try
        {
            var error = Assert.Throws<InvalidDefinitionException>(() => ConfigurationLoader.Load(path));
            Assert.Equal(ErrorKind.InvalidInput, error.Kind);
            Assert.Equal("InvalidDefinition", error.Reason);
            Assert.Equal(2, error.Findings.Count(f => f.Severity == FindingSeverity.Error));
            Assert.Contains("and 1 more error", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_a_not_found_error()
    {
        var error = Assert.Throws<InputNotFoundException>(() => ConfigurationLoader.LoadFile("/nonexistent/config.yaml"));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_utf8()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sm-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, new byte[] { 0x6a, 0x6f, 0x62, 0x73, 0x3a, 0x20, 0xff, 0xfe, 0x0a });
        try
        {
            Assert.Equal("NotUtf8", Assert.Single(ConfigurationLoader.LoadFile(path).Findings).Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_job_to_remove_is_named_by_its_identity_alone()
    {
        var removal = ConfigurationLoader.Parse("jobs:\n  - { name: com.example.gone, kind: daemon, ensure: absent }\n", "absent.yaml");
        Assert.Empty(ConfigurationValidator.Validate(removal));
        var badName = ConfigurationLoader.Parse("jobs:\n  - { name: 'bad name', kind: agent, ensure: absent }\n", "absent.yaml");
        Assert.Equal("jobs[0].name", Assert.Single(ConfigurationValidator.Validate(badName)).Path);
    }
}
