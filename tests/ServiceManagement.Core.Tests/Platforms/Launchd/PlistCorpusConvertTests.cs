using System.Text.Json.Nodes;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ServiceManagement.Tests.Platforms.Launchd;

/// <summary>
/// Every plist of the real-world corpus (../shared/corpus/launchd) goes the way a user sends it:
/// <c>svcmgmt convert FILE --to yaml</c>, then the YAML <c>--to launchd</c>. python3's plistlib reads
/// the original and the result, and the two dictionaries must be equal, types included (an integer
/// stays an integer, a real a real, a date a date), but for the marker key ServiceManagement adds.
/// </summary>
public sealed class PlistCorpusConvertTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-plists-").FullName;

    public PlistCorpusConvertTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Every_plist_of_the_corpus_converts_to_yaml_and_back_to_the_same_dictionary()
    {
        if (LaunchdTranslatorTests.CorpusDirectory() is not { } corpus)
        {
            Assert.False(Prerequisites.IsCi, "../shared/corpus/launchd is missing.");
            return;
        }

        var originals = Directory.GetFiles(corpus).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var verdicts = LaunchdTranslatorTests.Plistlib(originals);
        var failures = new List<string>();
        var converted = new List<(string Original, JsonNode Expected, string Result)>();
        for (var i = 0; i < originals.Count; i++)
        {
            if (verdicts[i] is JsonObject verdict && verdict.ContainsKey("$error"))
            {
                continue;
            }

            var name = Path.GetFileName(originals[i]);
            var (toYaml, yaml, yamlError) = InProcessSvcmgmt.Run("convert", originals[i], "--from", "launchd", "--to", "yaml");
            if (toYaml != 0)
            {
                failures.Add($"{name}: --to yaml failed: {yamlError.Trim()}");
                continue;
            }

            var yamlPath = Path.Combine(_directory, name + ".yaml");
            var result = Path.Combine(_directory, name + ".plist");
            File.WriteAllText(yamlPath, yaml);
            var (toPlist, _, plistError) = InProcessSvcmgmt.Run("convert", yamlPath, "--to", "launchd", "--output", result);
            if (toPlist != 0)
            {
                failures.Add($"{name}: --to launchd failed: {plistError.Trim()}");
                continue;
            }

            converted.Add((name, verdicts[i]!, result));
        }

        var back = LaunchdTranslatorTests.Plistlib(converted.Select(c => c.Result));
        for (var i = 0; i < converted.Count; i++)
        {
            var dictionary = back[i]!.AsObject();
            dictionary.Remove(LaunchdTranslator.MarkerKey);
            var (expected, actual) = (converted[i].Expected.ToJsonString(), dictionary.ToJsonString());
            if (expected != actual)
            {
                failures.Add($"{converted[i].Original}: plistlib reads {expected}\n  and after the round trip {actual}");
            }
        }

        var valid = originals.Count - verdicts.Count(v => v is JsonObject o && o.ContainsKey("$error"));
        _output.WriteLine($"launchd plists: {valid - failures.Count} of {valid} came back equal under plistlib ({originals.Count - valid} files plistlib itself rejects).");
        Assert.True(valid > 100 && failures.Count == 0, $"{failures.Count} of {valid} plists changed:\n" + string.Join("\n", failures.Take(25)));
    }

    /// <summary>Each plist value type, modelled or not, nested or not, through our YAML and through the DSC instance JSON.</summary>
    [Fact]
    public void Every_plist_value_type_keeps_its_type_through_yaml_and_the_dsc_json_form()
    {
        var original = Path.Combine(_directory, "types.plist");
        File.WriteAllText(original, """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
                <key>Label</key><string>com.example.types</string>
                <key>Program</key><string>tool</string>
                <key>UserName</key><string>nobody</string>
                <key>ThrottleInterval</key><integer>0</integer>
                <key>Types</key>
                <dict>
                    <key>string</key><string>86400</string>
                    <key>integer</key><integer>-9000000000</integer>
                    <key>real</key><real>86400.0</real>
                    <key>fraction</key><real>0.25</real>
                    <key>boolean</key><false/>
                    <key>date</key><date>2026-11-21T05:00:00Z</date>
                    <key>data</key><data>AAEC/w==</data>
                    <key>array</key><array><integer>1</integer><real>2</real><string>3</string><true/><date>2001-01-01T00:00:00Z</date></array>
                    <key>empty</key><dict/>
                </dict>
                <key>Stamp</key><date>2026-01-31T12:00:00Z</date>
                <key>Blob</key><data>c2VjcmV0</data>
            </dict>
            </plist>
            """);
        var yaml = Path.Combine(_directory, "types.yaml");
        var (toYaml, yamlText, yamlError) = InProcessSvcmgmt.Run("convert", original, "--to", "yaml");
        Assert.True(toYaml == 0, yamlError);
        File.WriteAllText(yaml, yamlText);

        var viaYaml = Path.Combine(_directory, "via-yaml.plist");
        Assert.True(InProcessSvcmgmt.Run("convert", yaml, "--to", "launchd", "--output", viaYaml).ExitCode == 0);

        var entry = Assert.Single(ServiceManagement.Configuration.ConfigurationLoader.Load(yaml).Entries);
        var instance = ServiceManagement.Configuration.JsonForm.Write(entry);
        Assert.Contains("\"$date\":\"2026-01-31T12:00:00Z\"", instance, StringComparison.Ordinal);
        Assert.Contains("\"real\":86400.0", instance, StringComparison.Ordinal);
        var read = ServiceManagement.Configuration.JsonForm.Read(instance, "instance");
        Assert.DoesNotContain(read.Findings, f => f.Severity == ServiceManagement.Validation.FindingSeverity.Error);
        var viaJson = Path.Combine(_directory, "via-json.plist");
        File.WriteAllText(viaJson, LaunchdFormat.Write(read.Document!.Entries));

        var verdicts = LaunchdTranslatorTests.Plistlib(new[] { original, viaYaml, viaJson });
        foreach (var back in verdicts.Skip(1))
        {
            back!.AsObject().Remove(LaunchdTranslator.MarkerKey);
            Assert.Equal(verdicts[0]!.ToJsonString(), back.ToJsonString());
        }
    }

}
