using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Configuration;

/// <summary>
/// Reads configuration files: our <c>jobs:</c> document and DSC v3 configuration documents whose
/// <c>ServiceManagement/BackgroundJob</c> resources carry the same per-job properties. Every problem
/// becomes a located finding; reading goes on past errors so that one run reports them all.
/// </summary>
public static class ConfigurationLoader
{
    public const string DscResourceType = "ServiceManagement/BackgroundJob";


    private static readonly string[] DscDocumentKeys = { "$schema", "parameters", "variables", "metadata", "resources" };
    private static readonly string[] DscResourceKeys = { "name", "type", "properties", "dependsOn", "metadata" };

    /// <summary>Reads a file; a missing file is an <see cref="InputNotFoundException"/>, anything else a finding.</summary>
    public static ConfigurationLoadResult LoadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InputNotFoundException(path);
        }

        if (info.Length > ConfigurationText.MaxFileBytes)
        {
            return Failed(path, "FileTooLarge", $"The file is {info.Length} bytes; configuration files are limited to {ConfigurationText.MaxFileBytes} bytes.");
        }

        return ConfigurationText.TryDecode(File.ReadAllBytes(path), out var text) ? Parse(text, path) : Failed(path, "NotUtf8", ConfigurationText.NotText);
    }

    /// <summary>Parses configuration text; <paramref name="file"/> names it in findings.</summary>
    public static ConfigurationLoadResult Parse(string text, string file)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        if (text.Length > ConfigurationText.MaxFileBytes)
        {
            return Failed(file, "FileTooLarge", $"The configuration is {text.Length} characters; the limit is {ConfigurationText.MaxFileBytes}.");
        }

        if (ConfigurationText.FirstForbiddenCharacter(text) is { } forbidden)
        {
            return Failed(file, "YamlInvalid", $"The file contains the character U+{(int)text[forbidden]:X4}, which YAML does not allow; write control characters as escapes inside double quotes.", ConfigurationText.Locate(text, file, forbidden));
        }

        YamlNode? root;
        try
        {
            root = YamlTree.Parse(text, file);
        }
        catch (ConfigurationSyntaxException ex)
        {
            return new ConfigurationLoadResult(null, new[] { new Finding(FindingSeverity.Error, "YamlInvalid", string.Empty, ex.Message) { Location = ex.Location } });
        }

        var reader = new JobReader(file);
        if (root is not YamlMapping top)
        {
            return Failed(file, "ConfigurationShape", "A configuration is a mapping with a jobs: list (or a DSC v3 document with resources:).", root?.Location);
        }

        ConfigurationForm form;
        var entries = new List<ConfigurationEntry>();
        if (ScalarReader.Find(top, "resources") is not null && ScalarReader.Find(top, "jobs") is null)
        {
            form = ConfigurationForm.Dsc;
            reader.UnknownKeys(top, string.Empty, DscDocumentKeys);
            ReadDscResources(reader, ScalarReader.Find(top, "resources")!, entries);
        }
        else
        {
            form = ConfigurationForm.Jobs;
            reader.UnknownKeys(top, string.Empty, new[] { "jobs" });
            var jobs = ScalarReader.Find(top, "jobs");
            if (jobs is null)
            {
                reader.Error("JobsMissing", "jobs", "The configuration has no jobs: list.", top.Location);
            }
            else if (reader.Expect<YamlSequence>(jobs, "jobs", "a list of jobs") is { } list)
            {
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (reader.Expect<YamlMapping>(list.Items[i], $"jobs[{i}]", "a job (a mapping with name, kind, program, …)") is { } job)
                    {
                        entries.Add(reader.ReadJob(job, $"jobs[{i}]", allowExist: false));
                    }
                }
            }
        }

        return new ConfigurationLoadResult(new ConfigurationDocument(form, entries), reader.Findings) { Covered = reader.Covered };
    }

    /// <summary>Loads and validates a file, throwing <see cref="InvalidDefinitionException"/> when anything is wrong.</summary>
    public static ConfigurationDocument Load(string path) => Checked(LoadFile(path), null, null);

    /// <summary>As <see cref="Load(string)"/>, validated also for the platforms of <paramref name="os"/> by their <paramref name="rules"/>.</summary>
    public static ConfigurationDocument Load(string path, TargetOperatingSystem? os, INativeRules rules) => Checked(LoadFile(path), os, rules);

    /// <summary>Loads and validates a configuration given as text (YAML or JSON), named <paramref name="source"/> in findings.</summary>
    public static ConfigurationDocument LoadText(string text, string source) => Checked(Parse(text, source), null, null);

    /// <summary>As <see cref="LoadText(string, string)"/>, validated also for the platforms of <paramref name="os"/> by their <paramref name="rules"/>.</summary>
    public static ConfigurationDocument LoadText(string text, string source, TargetOperatingSystem? os, INativeRules rules) => Checked(Parse(text, source), os, rules);

    /// <summary>The document when valid; validated for a system, each entry records it (a plan for that system then does not validate again).</summary>
    private static ConfigurationDocument Checked(ConfigurationLoadResult result, TargetOperatingSystem? os, INativeRules? rules)
    {
        var each = (IReadOnlyList<IReadOnlyList<Finding>>)Array.Empty<IReadOnlyList<Finding>>();
        var findings = rules is null ? ConfigurationValidator.Validate(result) : ConfigurationValidator.Validate(result, os, rules, out each);
        if (result.Document is null || findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            throw new InvalidDefinitionException(findings);
        }

        if (os is { } system && each.Count == result.Document.Entries.Count)
        {
            return result.Document with { Entries = result.Document.Entries.Select((entry, i) => entry.ValidatedFor(system, each[i])).ToList() };
        }

        return result.Document;
    }

    private static void ReadDscResources(JobReader reader, YamlNode resources, List<ConfigurationEntry> entries)
    {
        if (reader.Expect<YamlSequence>(resources, "resources", "a list of resources") is not { } list)
        {
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"resources[{i}]";
            if (reader.Expect<YamlMapping>(list.Items[i], path, "a resource (a mapping with name, type and properties)") is not { } resource)
            {
                continue;
            }

            reader.UnknownKeys(resource, path, DscResourceKeys);
            var type = reader.String(ScalarReader.Find(resource, "type"), path + ".type", required: true);
            if (!string.Equals(type, DscResourceType, StringComparison.OrdinalIgnoreCase))
            {
                if (type is not null)
                {
                    reader.Add(FindingSeverity.Info, "ResourceSkipped", path, $"The resource type '{type}' is not {DscResourceType}; it was skipped.", resource.Location);
                }

                continue;
            }

            var properties = ScalarReader.Find(resource, "properties");
            if (properties is null)
            {
                reader.Error("KeyMissing", path + ".properties", "The resource has no properties: the job's name, kind, program, ….", resource.Location);
            }
            else if (reader.Expect<YamlMapping>(properties, path + ".properties", "the job's properties") is { } job)
            {
                entries.Add(reader.ReadJob(job, path + ".properties", allowExist: true));
            }
        }
    }

    private static ConfigurationLoadResult Failed(string file, string code, string message, SourceLocation? location = null) =>
        new(null, new[] { new Finding(FindingSeverity.Error, code, string.Empty, message) { Location = location ?? new SourceLocation(file, 1, 1) } });
}
