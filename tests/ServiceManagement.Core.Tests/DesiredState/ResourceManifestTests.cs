using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ServiceManagement.Cli;
using ServiceManagement.Configuration;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.DesiredState;

/// <summary>ServiceManagement.BackgroundJob.dsc.resource.json: the DSC v3 manifest svcmgmt ships.</summary>
public class ResourceManifestTests
{
    private static readonly JsonObject Manifest = JsonNode.Parse(File.ReadAllText(Repo.PathOf("src", "ServiceManagement.Cli", "ServiceManagement.BackgroundJob.dsc.resource.json")))!.AsObject();

    [Fact]
    public void Names_the_resource_with_the_products_semantic_version()
    {
        Assert.Equal("https://aka.ms/dsc/schemas/v3/bundled/resource/manifest.json", (string?)Manifest["$schema"]);
        Assert.Equal(ConfigurationLoader.DscResourceType, (string?)Manifest["type"]);
        var version = Regex.Match(File.ReadAllText(Repo.PathOf("Directory.Build.props")), "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        Assert.Equal(version, (string?)Manifest["version"]);
        Assert.Matches(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$", version);
        Assert.All(Manifest["tags"]!.AsArray(), t => Assert.Matches(@"^\w+$", (string?)t));
    }

    [Theory]
    [InlineData("get", "dsc get")]
    [InlineData("set", "dsc set")]
    [InlineData("whatIf", "dsc set --what-if")]
    [InlineData("test", "dsc test")]
    [InlineData("delete", "dsc delete")]
    public void Every_operation_calls_svcmgmt_with_the_instance_as_one_json_argument(string operation, string command)
    {
        var method = Manifest[operation]!.AsObject();
        Assert.Equal("svcmgmt", (string?)method["executable"]);
        var args = method["args"]!.AsArray();
        Assert.Equal(command, string.Join(" ", args.Where(a => a is JsonValue).Select(a => (string?)a)));
        var input = Assert.Single(args.OfType<JsonObject>());
        Assert.Equal("--input", (string?)input["jsonInputArg"]);
        Assert.True((bool?)input["mandatory"]);
        AssertSvcmgmtAccepts(args.Where(a => a is JsonValue).Select(a => (string)a!).Append("--help"));
    }

    [Fact]
    public void Set_handles_exist_and_returns_state_and_diff_and_export_takes_no_input()
    {
        Assert.True((bool?)Manifest["set"]!["handlesExist"]);
        Assert.Equal("stateAndDiff", (string?)Manifest["set"]!["return"]);
        Assert.Equal("stateAndDiff", (string?)Manifest["test"]!["return"]);
        Assert.Equal("stateAndDiff", (string?)Manifest["whatIf"]!["return"]);
        Assert.Equal(new[] { "dsc", "export" }, Manifest["export"]!["args"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void Documents_exactly_svcmgmts_exit_codes()
    {
        var codes = Manifest["exitCodes"]!.AsObject().Select(p => int.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(new[] { ExitCodes.Success, ExitCodes.DriftFound, ExitCodes.InvalidInput, ExitCodes.PlatformError, ExitCodes.PermissionDenied }, codes);
    }

    /// <summary>The embedded schema is the job schema of schemas/servicemanagement.schema.json (checked against the loader's keys) plus DSC's properties.</summary>
    [Fact]
    public void Embeds_the_job_schema_with_dscs_canonical_properties()
    {
        var embedded = Manifest["schema"]!["embedded"]!.AsObject();
        var schema = JsonNode.Parse(File.ReadAllText(Repo.PathOf("schemas", "servicemanagement.schema.json")))!.AsObject();
        var job = schema["$defs"]!["job"]!.AsObject();
        Assert.False((bool?)embedded["additionalProperties"]);
        Assert.True(JsonNode.DeepEquals(job["required"], embedded["required"]));
        var properties = embedded["properties"]!.AsObject();
        foreach (var property in job["properties"]!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(property.Value, properties[property.Key]), property.Key + " differs from the job schema");
        }

        Assert.Equal(ConfigurationLoader.JobKeys.Concat(new[] { "_exist", "_inDesiredState", "_metadata" }).OrderBy(k => k, StringComparer.Ordinal), properties.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        foreach (var definition in schema["$defs"]!.AsObject().Where(d => d.Key != "job"))
        {
            Assert.True(JsonNode.DeepEquals(definition.Value, embedded["$defs"]![definition.Key]), definition.Key);
        }
    }

    private static void AssertSvcmgmtAccepts(IEnumerable<string> args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(SvcmgmtApp.Run(args.ToArray(), output, error) == 0, error.ToString());
    }
}
