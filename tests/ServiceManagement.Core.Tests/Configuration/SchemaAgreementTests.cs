using System.Text.Json;
using ServiceManagement.Configuration;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Configuration;

/// <summary>
/// schemas/servicemanagement.schema.json checked by an independent implementation (Ajv over eemeli/yaml,
/// tests/schema/validate.mjs) against the sample sets:
/// Samples/valid — both accept; Samples/invalid — both reject; Samples/semantic — rules JSON Schema
/// cannot state (cron ranges, duplicate names, kind rules), accepted by the schema, rejected by validation.
/// </summary>
public class SchemaAgreementTests
{
    private static readonly string SchemaPath = Repo.PathOf("schemas", "servicemanagement.schema.json");

    private static IEnumerable<string> Samples(string set) =>
        Directory.GetFiles(Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Samples", set)).OrderBy(f => f, StringComparer.Ordinal);

    private static bool EngineAccepts(string file) =>
        !ConfigurationValidator.Validate(ConfigurationLoader.LoadFile(file)).Any(f => f.Severity == FindingSeverity.Error);

    private static Dictionary<string, bool> SchemaVerdicts(IEnumerable<string> files)
    {
        var result = new ProcessCommandRunner().Run(new CommandLine("node", new[] { Path.Combine(Prerequisites.SchemaCheckerDirectory, "validate.mjs"), SchemaPath }.Concat(files).ToList()));
        Assert.True(result.Succeeded, "The schema checker failed: " + result.StandardError);
        var output = result.StandardOutput;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(e => e.GetProperty("file").GetString()!, e => e.GetProperty("valid").GetBoolean());
    }

    [SchemaCheckerFact]
    public void The_schema_and_the_engine_agree_on_every_sample()
    {
        var expectations = Samples("valid").Concat(Directory.GetFiles(Repo.PathOf("samples")))
            .Select(f => (File: f, Schema: true, Engine: true))
            .Concat(Samples("invalid").Select(f => (File: f, Schema: false, Engine: false)))
            .Concat(Samples("semantic").Select(f => (File: f, Schema: true, Engine: false)))
            .ToList();
        Assert.True(expectations.Count >= 45);

        var verdicts = SchemaVerdicts(expectations.Select(e => e.File));
        var disagreements = expectations
            .Where(e => verdicts[e.File] != e.Schema || EngineAccepts(e.File) != e.Engine)
            .Select(e => $"{Path.GetFileName(e.File)}: schema {(verdicts[e.File] ? "accepts" : "rejects")}, engine {(EngineAccepts(e.File) ? "accepts" : "rejects")}")
            .ToList();
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public void The_schema_lists_exactly_the_keys_the_loader_reads()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var job = schema.RootElement.GetProperty("$defs").GetProperty("job");
        var keys = job.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(JobReader.JobKeys.OrderBy(k => k, StringComparer.Ordinal), keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.False(job.GetProperty("additionalProperties").GetBoolean());
    }
}
