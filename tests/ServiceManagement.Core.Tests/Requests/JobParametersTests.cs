using System.Collections;
using System.Security;
using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Requests;
using ServiceManagement.Tests.Support;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Requests;

public sealed class JobParametersTests : IDisposable
{
    private readonly FakeRoot _root = new();

    public JobParametersTests()
    {
        _root.Running();
        Directory.CreateDirectory(_root.Of("/etc/systemd/system"));
    }

    public void Dispose() => _root.Dispose();

    private static Dictionary<string, object?> Bound(params (string Name, object? Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Parameters_become_the_definition_a_configuration_file_with_the_same_values_loads()
    {
        var environment = new Hashtable { ["TZ"] = "UTC", ["WORKERS"] = 4 };
        var limits = new Hashtable { ["openFiles"] = 4096, ["nice"] = 5 };
        var socket = new Hashtable { ["name"] = "http", ["protocol"] = "tcp", ["port"] = 8080 };
        var defined = JobParameters.Define("com.example.web", JobKind.Daemon, null, null, Bound(
            ("Program", "/usr/bin/web"),
            ("Arguments", new[] { "--port", "8080" }),
            ("Environment", environment),
            ("RunAsUser", "www"),
            ("Restart", RestartCondition.OnFailure),
            ("RestartDelay", Duration.Parse("10s")),
            ("RestartLimit", 5),
            ("RestartInterval", TimeSpan.FromMinutes(1)),
            ("Every", Duration.Parse("15m")),
            ("ResourceLimits", limits),
            ("Sockets", new[] { socket }),
            ("Sandbox", SandboxProfile.Strict),
            ("Systemd", new Hashtable { ["Service"] = new Hashtable { ["Nice"] = "5" } }),
            ("Name", "ignored: identity is passed on its own"),
            ("Verbose", true)));

        var file = ConfigurationLoader.Parse("""
            jobs:
              - name: com.example.web
                kind: daemon
                program: /usr/bin/web
                arguments: ["--port", "8080"]
                environment: { TZ: UTC, WORKERS: "4" }
                runAs: { user: www }
                restart: { policy: onFailure, delay: 10s, throttle: { burst: 5, interval: 1m } }
                schedule: { every: 15m }
                resourceLimits: { openFiles: 4096, nice: 5 }
                sockets: [{ name: http, protocol: tcp, port: 8080 }]
                sandbox: strict
                systemd: { Service: { Nice: "5" } }
            """, "expected.yaml").Document!.Entries[0].Definition;
        Assert.Equal(file, defined);
    }

    [Fact]
    public void A_secure_string_in_the_environment_becomes_a_secret()
    {
        using var secret = new SecureString();
        foreach (var c in "hunter2")
        {
            secret.AppendChar(c);
        }

        var defined = JobParameters.Define("com.example.s", JobKind.Agent, JobScope.User, "alice", Bound(("Program", "/bin/s"), ("Environment", new Hashtable { ["TOKEN"] = secret })));
        Assert.Equal("hunter2", defined.Environment["TOKEN"]);
        Assert.Equal(new[] { "TOKEN" }, defined.SecretEnvironment);
        Assert.Equal("alice", defined.User);
    }

    [Fact]
    public void A_refused_value_names_its_parameter_and_no_file_position()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => JobParameters.Define("com.example.bad", JobKind.Daemon, null, null, Bound(
            ("Program", "relative/path"), ("Cron", "* *"), ("ResourceLimits", new Hashtable { ["nice"] = 99 }), ("RunAsUser", ""))));
        var paths = error.Findings.Where(f => f.Severity == ServiceManagement.Validation.FindingSeverity.Error).Select(f => f.Path).ToList();
        Assert.Contains("-Cron", paths);
        Assert.Contains("-ResourceLimits", paths);
        Assert.All(error.Findings, f => Assert.Null(f.Location));
    }

    [Fact]
    public void Change_sets_what_is_given_keeps_the_rest_and_clears_what_is_named()
    {
        var existing = ConfigurationLoader.Parse("""
            jobs:
              - name: com.example.c
                kind: daemon
                program: /bin/c
                description: before
                restart: { policy: always, delay: 5s }
                schedule: { cron: "0 2 * * *" }
                environment: { A: "1", KEY: { secret: s3cret } }
            """, "c.yaml").Document!.Entries[0].Definition with { SourcePath = "/etc/systemd/system/com.example.c.service", Managed = true };

        var changed = JobParameters.Change(existing, Bound(("Description", "after"), ("Restart", RestartCondition.OnFailure)), new[] { "schedule" });

        Assert.Equal("after", changed.Description);
        Assert.Equal(new RestartPolicy(RestartCondition.OnFailure) { Delay = Duration.Parse("5s") }, changed.Restart);
        Assert.Null(changed.Schedule);
        Assert.Equal(existing.Environment, changed.Environment);
        Assert.Equal(existing.SecretEnvironment, changed.SecretEnvironment);
        Assert.Equal(existing.SourcePath, changed.SourcePath);
        Assert.True(changed.Managed);
        Assert.Equal(existing with { Description = "after", Restart = changed.Restart, Schedule = null }, changed);
    }

    [Fact]
    public void Clearing_something_that_is_not_a_property_is_refused()
    {
        var existing = new BackgroundJobDefinition("com.example.c", JobKind.Daemon, JobScope.System) { Program = "/bin/c" };
        var error = Assert.Throws<InvalidDefinitionException>(() => JobParameters.Change(existing, Bound(), new[] { "Name" }));
        Assert.Contains("-Clear", error.Message, StringComparison.Ordinal);
        Assert.Contains("Description", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_clearable_property_is_a_configuration_key()
    {
        var all = ConfigurationLoader.Parse("""
            jobs:
              - name: com.example.all
                kind: daemon
                program: /bin/all
                arguments: [a]
                workingDirectory: /srv
                environment: { A: "1" }
                runAs: { user: u }
                description: d
                startupType: manual
                restart: { policy: always }
                schedule: { every: 1h }
                standardOutputPath: /var/log/o
                standardErrorPath: /var/log/e
                sockets: [{ name: s, protocol: tcp, port: 80 }]
                dependencies: [x]
                resourceLimits: { nice: 1 }
                sandbox: basic
                launchd: { Nice: 1 }
                systemd: { Service: { Nice: "1" } }
                windows: { DelayedAutoStart: true }
            """, "all.yaml").Document!.Entries[0].Definition;

        var cleared = JobParameters.Change(all, Bound(), JobParameters.Clearable);

        Assert.Equal(new BackgroundJobDefinition("com.example.all", JobKind.Daemon, JobScope.System) { Program = "/bin/all" }, cleared);
    }

    [Fact]
    public void Selection_reports_literal_names_that_match_nothing_but_not_patterns()
    {
        var platform = _root.Platform();
        platform.Write(new[] { new BackgroundJobDefinition("com.example.here", JobKind.Daemon, JobScope.System) { Program = "/bin/here" } }, new WriteOptions());

        var selection = JobSelection.Select(platform, new JobQuery { Names = new[] { "com.example.here", "com.example.gone", "nothing.*" } });

        Assert.Equal(new[] { "com.example.here" }, selection.Jobs.Select(j => j.Definition.Name));
        Assert.Equal(new[] { "com.example.gone" }, selection.Missing);
    }

    [Fact]
    public void Svcmgmt_resolves_names_by_the_same_rule_stopping_at_a_literal_name_that_matches_nothing()
    {
        var platform = _root.Platform();
        platform.Write(new[] { new BackgroundJobDefinition("com.example.here", JobKind.Daemon, JobScope.System) { Program = "/bin/here" } }, new WriteOptions());

        Assert.Equal(new[] { "com.example.here" }, platform.Resolve(new JobQuery { Names = new[] { "com.example.here", "nothing.*" } }).Select(j => j.Definition.Name));
        Assert.Equal("com.example.gone", Assert.Throws<JobNotFoundException>(() => platform.Resolve(new JobQuery { Names = new[] { "com.example.here", "com.example.gone" } })).Name);
    }

    [Fact]
    public void An_apply_reports_the_one_step_it_commits_in_then_completion()
    {
        var platform = _root.Platform();
        var entries = ConfigurationLoader.Parse("jobs:\n  - { name: p.one, kind: daemon, program: /bin/one }\n  - { name: p.two, kind: daemon, program: /bin/two }\n", "p.yaml").Document!.Entries;
        var reports = new List<ApplyProgress>();

        var result = Applier.Apply(platform, entries, new ApplyOptions { Progress = reports.Add });

        Assert.True(result.Succeeded);
        Assert.Equal(new[] { "Writing 2 job(s), reloading and starting 0/2", "Applied 2/2" }, reports.Select(r => $"{r.Activity} {r.Completed}/{r.Total}"));
    }

    [Fact]
    public void A_declined_apply_changes_nothing_and_an_approved_one_applies_the_plan_it_was_shown()
    {
        var platform = _root.Platform();
        var entries = ConfigurationLoader.Parse("jobs:\n  - { name: p.one, kind: daemon, program: /bin/one }\n", "p.yaml").Document!.Entries;
        Plan? shown = null;

        var declined = Applier.Apply(platform, entries, new ApplyOptions { Approve = plan => (shown = plan) is null });

        Assert.Equal(new[] { "p.one" }, shown!.Changes.Select(c => c.Name));
        Assert.Empty(declined.ChangedFiles);
        Assert.False(File.Exists(_root.Of("/etc/systemd/system/p.one.service")));

        var approved = Applier.Apply(platform, entries, new ApplyOptions { Approve = plan => (shown = plan) is not null });

        Assert.Equal(shown!.Changes.SelectMany(c => c.Files).Order(StringComparer.Ordinal), approved.ChangedFiles.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(_root.Of("/etc/systemd/system/p.one.service")));
    }

    [Theory]
    [InlineData(typeof(JobNotFoundException), "JobNotFound", "ObjectNotFound")]
    [InlineData(typeof(LockTimeoutException), "Locked", "ResourceBusy")]
    [InlineData(typeof(IOException), "FileError", "WriteError")]
    [InlineData(typeof(UnauthorizedAccessException), "AccessDenied", "PermissionDenied")]
    [InlineData(typeof(InvalidOperationException), "Unexpected", "NotSpecified")]
    public void Errors_are_described_by_a_stable_reason_and_a_category(Type type, string reason, string category)
    {
        var error = type == typeof(JobNotFoundException) ? new JobNotFoundException("x")
            : type == typeof(LockTimeoutException) ? new LockTimeoutException("/run/lock", "pid 1", TimeSpan.FromSeconds(1))
            : (Exception)Activator.CreateInstance(type)!;
        Assert.Equal((reason, category), ErrorCatalog.Describe(error));
    }
}
