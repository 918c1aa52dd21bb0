using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// The DSC v3 verbs as DSC 3.2 runs them (svcmgmt dsc get|set|test|delete|export with the instance as JSON),
/// on a real systemd: what each prints on standard output, line by line, checked against the manifest's
/// embedded schema by Ajv (tests/schema, an independent validator, as DSC validates each state it reads), and
/// what systemd says changed. There is no dsc executable here; these are the shapes its command-resource code reads.
/// </summary>
[Collection("real systemd")]
public sealed class DscVerbsOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    private const string Secret = "dsc-secret-4e1b";
    private const string Instance = "{\"name\":\"sm.dsc.job\",\"kind\":\"daemon\",\"program\":\"/bin/sleep\",\"arguments\":[\"1000\"],\"environment\":{\"TOKEN\":{\"secret\":\"" + Secret + "\"}}";
    private readonly SystemdHarness _systemd;

    public DscVerbsOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();
    }

    private string[] Lines(params string[] arguments)
    {
        var (exitCode, output, error) = _systemd.SvcmgmtApart(arguments);
        Assert.True(exitCode == 0, error);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.All(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static JsonObject Object(string line) => JsonNode.Parse(line)!.AsObject();

    private static string[] Names(string line) => JsonNode.Parse(line)!.AsArray().Select(n => (string)n!).ToArray();

    private string LoadState => _systemd.Property("sm.dsc.job.service", "LoadState");

    [RealSystemdFact]
    public void Each_verb_prints_what_dsc_3_2_reads_and_what_if_changes_nothing()
    {
        var absent = Assert.Single(Lines("dsc", "get", "--input", Instance + "}"));
        Assert.False((bool?)Object(absent)["_exist"]);

        // What-if: the state the job would have with _metadata.whatIf, then the differing properties; nothing written.
        var wouldCreate = Lines("dsc", "set", "--input", Instance + "}", "--what-if");
        Assert.Equal(2, wouldCreate.Length);
        var wouldBe = Object(wouldCreate[0]);
        Assert.True((bool?)wouldBe["_exist"]);
        Assert.StartsWith("would create daemon sm.dsc.job", (string?)Assert.Single(wouldBe["_metadata"]!["whatIf"]!.AsArray()), StringComparison.Ordinal);
        Assert.Equal(new[] { "_exist" }, Names(wouldCreate[1]));
        Assert.Equal("not-found", LoadState);
        Assert.Empty(Directory.GetFiles(_systemd.SystemUnitDirectory, "sm.dsc.job*"));

        var set = Lines("dsc", "set", "--input", Instance + "}");
        Assert.Equal(2, set.Length);
        Assert.True((bool?)Object(set[0])["_exist"]);
        Assert.Null(Object(set[0])["_metadata"]);
        Assert.Equal(new[] { "_exist" }, Names(set[1]));
        Assert.Equal("loaded", LoadState);

        // DSC 3.2 passes its own context in _metadata when the schema allows it.
        var withContext = Instance + ",\"_metadata\":{\"Microsoft.DSC\":{\"context\":\"configuration\"}}}";
        var test = Lines("dsc", "test", "--input", withContext);
        Assert.Equal(2, test.Length);
        Assert.True((bool?)Object(test[0])["_inDesiredState"]);
        Assert.Empty(Names(test[1]));
        var unchanged = Lines("dsc", "set", "--input", withContext, "--what-if");
        Assert.Null(Object(unchanged[0])["_metadata"]);
        Assert.Empty(Names(unchanged[1]));

        // Delete: with --what-if only DSC's DeleteResult ({"_metadata":{"whatIf":[…]}}), without it nothing.
        var wouldDelete = Object(Assert.Single(Lines("dsc", "delete", "--input", Instance + "}", "--what-if")));
        Assert.Equal(new[] { "_metadata" }, wouldDelete.Select(p => p.Key));
        Assert.Equal(new[] { "whatIf" }, wouldDelete["_metadata"]!.AsObject().Select(p => p.Key));
        Assert.StartsWith("would remove sm.dsc.job", (string?)Assert.Single(wouldDelete["_metadata"]!["whatIf"]!.AsArray()), StringComparison.Ordinal);
        Assert.Equal("loaded", LoadState);
        Assert.Empty(Lines("dsc", "delete", "--input", Instance + "}"));
        Assert.Equal("not-found", LoadState);

        AssertValidAgainstTheEmbeddedSchema(new[] { absent, wouldCreate[0], set[0], test[0], unchanged[0] });
        _systemd.AssertHostUntouched();
    }

    [RealSystemdFact]
    public void Test_of_an_installed_job_asks_the_manager_for_its_units_once()
    {
        const string Job = "{\"name\":\"sm.dsc.once\",\"kind\":\"daemon\",\"program\":\"/bin/sleep\",\"arguments\":[\"1000\"]}";
        Lines("dsc", "set", "--input", Job);

        // Every message svcmgmt sends to the manager, as strace sees it leave: the plan reads the job's status, and
        // the answer (its run state) is that same reading.
        var trace = Path.Combine(_systemd.Share, "sent");
        File.Delete(trace);
        var (exitCode, output) = _systemd.Inside("strace", "-f", "-qq", "-e", "trace=sendmsg,sendto,write", "-s", "4096", "-o", "/run/sm-share/sent",
            "env", "SVCMGMT_SYSTEMD_TRANSPORT=bus", "/run/svcmgmt/svcmgmt", "dsc", "test", "--input", Job);
        Assert.True(exitCode == 0, output);
        Assert.Equal(1, File.ReadAllLines(trace).Count(l => l.Contains("ListUnits", StringComparison.Ordinal)));
        Assert.Equal("running", (string?)Object(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0])["state"]);
        Assert.Equal(0, _systemd.Svcmgmt("remove", "sm.dsc.once").ExitCode);
    }

    [RealSystemdFact]
    public void Export_prints_json_lines_with_a_unique_name_each_and_elevation_for_system_jobs()
    {
        var lines = Lines("dsc", "export");
        Assert.True(lines.Length > 10);
        var instances = lines.Select(Object).ToList();
        var names = instances.Select(i => (string?)i["_name"]).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(instances, i => Assert.Equal((string?)i["scope"] == "system" ? "elevated" : null, (string?)i["_securityContext"]));
        AssertValidAgainstTheEmbeddedSchema(lines);
    }

    private void AssertValidAgainstTheEmbeddedSchema(IReadOnlyList<string> states)
    {
        if (Prerequisites.MissingSchemaChecker() is { } missing)
        {
            Assert.False(Prerequisites.IsCi, "The schema checker is required under CI: " + missing);
            return;
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Repo.PathOf("src", "ServiceManagement.Cli", "ServiceManagement.BackgroundJob.dsc.resource.json")))!;
        var directory = Directory.CreateTempSubdirectory("sm-dsc-states-").FullName;
        try
        {
            var schema = Path.Combine(directory, "embedded.schema.json");
            File.WriteAllText(schema, manifest["schema"]!["embedded"]!.ToJsonString());
            var files = states.Select((state, i) => Path.Combine(directory, $"state{i}.json")).ToList();
            for (var i = 0; i < states.Count; i++)
            {
                File.WriteAllText(files[i], states[i]);
            }

            var result = new ProcessCommandRunner().Run(new CommandLine("node", new[] { Path.Combine(Prerequisites.SchemaCheckerDirectory, "validate.mjs"), schema }.Concat(files).ToList()));
            Assert.True(result.Succeeded, result.StandardError);
            var invalid = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !JsonDocument.Parse(l).RootElement.GetProperty("valid").GetBoolean()).ToList();
            Assert.True(invalid.Count == 0, string.Join("\n", invalid));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
