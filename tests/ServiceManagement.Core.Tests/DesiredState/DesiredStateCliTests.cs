using System.Diagnostics;
using System.Text.Json;
using ServiceManagement.Cli;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.DesiredState;

/// <summary>plan, apply, export and the dsc verbs through svcmgmt, over a directory tree (no systemd runs there).</summary>
public sealed class DesiredStateCliTests : IDisposable
{
    private readonly FakeRoot _root = new();
    private readonly string _config;

    public DesiredStateCliTests()
    {
        Directory.CreateDirectory(_root.Of("/etc/systemd/system"));
        _config = Path.Combine(_root.Path, "jobs.yaml");
    }

    public void Dispose() => _root.Dispose();

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => InProcessSvcmgmt.Run(args);

    private static string Jobs(int count, string program) =>
        "jobs:\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"  - {{ name: job.n{i:D3}, kind: daemon, program: {program}, arguments: [\"{i}\"], schedule: {{ every: {i + 1}m }} }}\n"));

    private string Units => _root.Of("/etc/systemd/system");

    [Fact]
    public void Plan_exits_one_for_drift_and_zero_once_applied()
    {
        File.WriteAllText(_config, Jobs(3, "/bin/true"));
        Assert.Equal(1, Run("plan", _config, "--root", _root.Path).ExitCode);
        var (applied, output, error) = Run("apply", _config, "--root", _root.Path);
        Assert.True(applied == 0, error);
        Assert.Contains("Plan: 3 to create", output, StringComparison.Ordinal);
        var (planned, json, _) = Run("plan", _config, "--root", _root.Path, "--json");
        Assert.Equal(0, planned);
        Assert.True(JsonDocument.Parse(json).RootElement.GetProperty("empty").GetBoolean());
    }

    [Fact]
    public void What_if_shows_the_diff_and_changes_nothing()
    {
        File.WriteAllText(_config, Jobs(1, "/bin/true"));
        var (exitCode, output, _) = Run("apply", _config, "--root", _root.Path, "--what-if");
        Assert.Equal(0, exitCode);
        Assert.Contains("+ExecStart=/bin/true 0", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Units));
    }

    [Fact]
    public void Export_writes_what_plan_reads_back_as_converged()
    {
        File.WriteAllText(_config, Jobs(3, "/bin/true"));
        Assert.Equal(0, Run("apply", _config, "--root", _root.Path).ExitCode);
        var exported = Path.Combine(_root.Path, "exported.yaml");
        File.WriteAllText(exported, Run("export", "--managed", "--root", _root.Path).Output);
        Assert.Equal(0, Run("plan", exported, "--root", _root.Path).ExitCode);
        Assert.Contains("name: job.n002", File.ReadAllText(exported), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobs: [\n", "not valid YAML")]
    [InlineData("jobs:\n  - { name: a, kind: daemon, progam: /bin/a }\n", "Unknown key 'progam'")]
    [InlineData("jobs:\n  - { name: a, kind: daemon, program: /bin/a, arguments: --x }\n", "Expected a list")]
    [InlineData("jobs:\n  - { name: ../../etc/x, kind: daemon, program: /bin/a }\n", "not a valid job name")]
    public void Bad_input_exits_two_with_its_location_and_writes_nothing(string yaml, string message)
    {
        File.WriteAllText(_config, yaml);
        foreach (var verb in new[] { "plan", "apply" })
        {
            var (exitCode, _, error) = Run(verb, _config, "--root", _root.Path);
            Assert.Equal(2, exitCode);
            Assert.Contains(message, error, StringComparison.Ordinal);
            Assert.Matches(@"jobs\.yaml:\d+:\d+", error);
        }

        Assert.Empty(Directory.GetFiles(Units));
    }

    [Fact]
    public void The_dsc_verbs_get_test_set_and_delete_an_instance()
    {
        const string Instance = "{\"name\":\"dsc.job\",\"kind\":\"daemon\",\"program\":\"/bin/true\",\"description\":\"via dsc\"}";
        var (_, got, _) = Run("dsc", "get", "--input", Instance, "--root", _root.Path);
        Assert.False(JsonDocument.Parse(got).RootElement.GetProperty("_exist").GetBoolean());

        var test = Run("dsc", "test", "--input", Instance, "--root", _root.Path).Output.Split('\n');
        Assert.False(JsonDocument.Parse(test[0]).RootElement.GetProperty("_inDesiredState").GetBoolean());
        Assert.Equal("[\"_exist\"]", test[1]);

        var whatIf = Run("dsc", "set", "--what-if", "--input", Instance, "--root", _root.Path).Output.Split('\n');
        Assert.Contains("would create daemon dsc.job", JsonDocument.Parse(whatIf[0]).RootElement.GetProperty("_metadata").GetProperty("whatIf")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Units));

        var (setCode, set, setError) = Run("dsc", "set", "--input", Instance, "--root", _root.Path);
        Assert.True(setCode == 0, setError);
        var state = JsonDocument.Parse(set.Split('\n')[0]).RootElement;
        Assert.True(state.GetProperty("_exist").GetBoolean());
        Assert.Equal("via dsc", state.GetProperty("description").GetString());
        Assert.Contains("{\"info\":", setError, StringComparison.Ordinal);

        var changed = Instance.Replace("via dsc", "changed", StringComparison.Ordinal);
        var drift = Run("dsc", "test", "--input", changed, "--root", _root.Path).Output.Split('\n');
        Assert.Equal("[\"description\"]", drift[1]);

        Assert.Equal(0, Run("dsc", "set", "--input", Instance.Replace("}", ",\"_exist\":false}", StringComparison.Ordinal), "--root", _root.Path).ExitCode);
        Assert.Empty(Directory.GetFiles(Units));
    }

    [Fact]
    public void Dsc_export_prints_one_instance_per_line_and_bad_input_is_a_json_error()
    {
        File.WriteAllText(_config, Jobs(2, "/bin/true"));
        Run("apply", _config, "--root", _root.Path);
        var lines = Run("dsc", "export", "--root", _root.Path).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[] { "job.n000", "job.n001" }, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("name").GetString()));

        var (exitCode, _, error) = Run("dsc", "get", "--input", "{\"name\":\"x\",\"kind\":\"daemon\",\"colour\":1}", "--root", _root.Path);
        Assert.Equal(2, exitCode);
        var log = JsonDocument.Parse(error.Split('\n')[0]).RootElement;
        Assert.Contains("Unknown key 'colour'", log.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// kill -9 at random moments of a real svcmgmt apply: every unit file is always either what it was
    /// or what it should become (never torn), and running apply again converges.
    /// </summary>
    [Fact]
    public void Killing_an_apply_never_leaves_a_torn_file_and_a_rerun_converges()
    {
        var svcmgmt = Path.Combine(AppContext.BaseDirectory, "svcmgmt");
        var random = new Random(20261121);
        var versions = new[] { "/bin/true", "/bin/false" };
        var trials = 0;
        for (var trial = 0; trial < 20; trial++, trials++)
        {
            File.WriteAllText(_config, Jobs(40, versions[trial % 2]));
            var start = new ProcessStartInfo(svcmgmt) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "apply", _config, "--root", _root.Path })
            {
                start.ArgumentList.Add(argument);
            }

            using (var process = Process.Start(start)!)
            {
                var killAfter = TimeSpan.FromMilliseconds(random.Next(0, 400));
                if (!process.WaitForExit(killAfter))
                {
                    process.Kill();
                }

                process.WaitForExit();
            }

            foreach (var path in Directory.GetFiles(Units, "*.service"))
            {
                var content = File.ReadAllText(path);
                var unit = UnitFile.Parse(content, path);
                Assert.Contains(unit.Last("Service", "ExecStart")!.Split(' ')[0], versions);
                Assert.EndsWith("\n", content, StringComparison.Ordinal);
            }

            var rerun = Run("apply", _config, "--root", _root.Path);
            Assert.True(rerun.ExitCode == 0, rerun.Error);
            Assert.Equal(0, Run("plan", _config, "--root", _root.Path).ExitCode);
            Assert.All(Directory.GetFiles(Units, "*.service"), p => Assert.Contains("ExecStart=" + versions[trial % 2] + " ", File.ReadAllText(p), StringComparison.Ordinal));
        }

        Assert.Equal(20, trials);
    }
}
