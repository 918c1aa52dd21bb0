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

    // Facts of DSC 3.2.3's manifest types (lib/dsc-lib/src/dscresources/resource_manifest.rs at tag v3.2.3),
    // written here rather than read from the JSON schema files in DSC's repository, which were last
    // regenerated for 3.1 and refuse whatIfArg. The manifest struct denies unknown fields; the method
    // structs ignore them, so a misspelt field there would be silently dropped — both are checked.
    private static readonly string[] TopLevelKeys =
    {
        "$schema", "type", "condition", "deprecationMessage", "kind", "version", "description", "tags", "get", "set", "whatIf", "test",
        "delete", "export", "resolve", "validate", "adapter", "exitCodes", "schema", "metadata",
    };

    private static readonly Dictionary<string, string[]> MethodFields = new()
    {
        ["get"] = new[] { "executable", "args", "input", "requireSecurityContext" },
        ["set"] = new[] { "executable", "args", "input", "implementsPretest", "handlesExist", "return", "requireSecurityContext", "whatIfReturns" },
        ["test"] = new[] { "executable", "args", "input", "return", "requireSecurityContext" },
        ["delete"] = new[] { "executable", "args", "input", "requireSecurityContext" },
        ["export"] = new[] { "executable", "args", "input", "requireSecurityContext" },
    };

    /// <summary>GetArgKind (get, test, export) and SetDeleteArgKind (set, delete, which add whatIfArg): a string or one of these objects.</summary>
    private static readonly string[][] ArgumentObjects = { new[] { "jsonInputArg", "mandatory" }, new[] { "resourcePathArg" }, new[] { "resourceTypeArg" } };

    private static readonly string[] ReturnKinds = { "state", "stateAndDiff" };
    private static readonly string[] SecurityContexts = { "current", "elevated", "restricted" };
    private static readonly string[] InputKinds = { "env", "stdin" };

    [Fact]
    public void Uses_only_what_dsc_3_2_reads_at_the_top_and_in_each_operation()
    {
        Assert.Empty(Manifest.Select(p => p.Key).Except(TopLevelKeys));
        foreach (var (operation, fields) in MethodFields)
        {
            var method = Manifest[operation]!.AsObject();
            Assert.Empty(method.Select(p => p.Key).Except(fields));
            Assert.True(method["input"] is null || InputKinds.Contains((string?)method["input"]), operation + ".input");
            Assert.True(method["return"] is null || ReturnKinds.Contains((string?)method["return"]), operation + ".return");
            Assert.True(method["whatIfReturns"] is null || ReturnKinds.Contains((string?)method["whatIfReturns"]), operation + ".whatIfReturns");
            Assert.True(method["requireSecurityContext"] is null || SecurityContexts.Contains((string?)method["requireSecurityContext"]), operation + ".requireSecurityContext");
            foreach (var argument in method["args"]!.AsArray().OfType<JsonObject>())
            {
                var keys = argument.Select(p => p.Key).ToArray();
                var whatIfAllowed = operation is "set" or "delete";
                Assert.True(ArgumentObjects.Any(kind => keys.All(kind.Contains) && keys.Contains(kind[0])) || (whatIfAllowed && keys.SequenceEqual(new[] { "whatIfArg" })),
                    $"{operation}: {argument.ToJsonString()} is no argument kind DSC 3.2 knows there");
            }
        }
    }

    /// <summary>
    /// DSC 3.2 uses a set that carries a whatIfArg for what-if; the separate whatIf operation is deprecated
    /// (a warning each time), and without either DSC cannot what-if a resource that implements its own pretest.
    /// </summary>
    [Fact]
    public void What_if_is_native_on_set_and_delete_through_whatIfArg()
    {
        Assert.Null(Manifest["whatIf"]);
        foreach (var operation in new[] { "set", "delete" })
        {
            var whatIf = Assert.Single(Manifest[operation]!["args"]!.AsArray().OfType<JsonObject>(), a => a["whatIfArg"] is not null);
            Assert.Equal("--what-if", (string?)whatIf["whatIfArg"]);
        }

        Assert.True((bool?)Manifest["set"]!["implementsPretest"]);
        Assert.Equal("stateAndDiff", (string?)Manifest["set"]!["whatIfReturns"]);
    }

    [Theory]
    [InlineData("get", "dsc get")]
    [InlineData("set", "dsc set")]
    [InlineData("test", "dsc test")]
    [InlineData("delete", "dsc delete")]
    public void Every_operation_calls_svcmgmt_with_the_instance_as_one_json_argument(string operation, string command)
    {
        var method = Manifest[operation]!.AsObject();
        Assert.Equal("svcmgmt", (string?)method["executable"]);
        var args = method["args"]!.AsArray();
        Assert.Equal(command, string.Join(" ", args.Where(a => a is JsonValue).Select(a => (string?)a)));
        var input = Assert.Single(args.OfType<JsonObject>(), a => a["jsonInputArg"] is not null);
        Assert.Equal("--input", (string?)input["jsonInputArg"]);
        Assert.True((bool?)input["mandatory"]);
        var whatIf = args.OfType<JsonObject>().Where(a => a["whatIfArg"] is not null).Select(a => (string)a["whatIfArg"]!);
        AssertSvcmgmtAccepts(args.Where(a => a is JsonValue).Select(a => (string)a!).Concat(whatIf).Append("--help"));
    }

    [Fact]
    public void Set_handles_exist_and_returns_state_and_diff_and_export_takes_no_input()
    {
        Assert.True((bool?)Manifest["set"]!["handlesExist"]);
        Assert.Equal("stateAndDiff", (string?)Manifest["set"]!["return"]);
        Assert.Equal("stateAndDiff", (string?)Manifest["test"]!["return"]);
        Assert.Equal(new[] { "dsc", "export" }, Manifest["export"]!["args"]!.AsArray().Select(a => (string?)a));
    }

    /// <summary>The codes the dsc verbs return (never 1, drift, which only plan uses), each with what DSC shows when it fails.</summary>
    [Fact]
    public void Documents_exactly_the_exit_codes_of_the_dsc_verbs()
    {
        var codes = Manifest["exitCodes"]!.AsObject().Select(p => int.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(new[] { ExitCodes.Success, ExitCodes.InvalidInput, ExitCodes.PlatformError, ExitCodes.PermissionDenied }, codes);
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

        Assert.Equal(JobReader.JobKeys.Concat(new[] { "_exist", "_inDesiredState", "_metadata", "_name", "_securityContext" }).OrderBy(k => k, StringComparer.Ordinal), properties.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
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
