using System.Text;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Configuration;

/// <summary>
/// A job as one JSON object with the configuration file's keys — the DSC v3 resource's instance and the
/// <c>svcmgmt --json</c> form. Written directly from the model by the same key-by-key writer as the YAML form;
/// read through the YAML loader (JSON is YAML), so that both forms always mean the same.
/// </summary>
public static class JsonForm
{
    internal static readonly System.Text.RegularExpressions.Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>One compact line of JSON; <paramref name="members"/> (already JSON) are appended, such as <c>_exist</c>.</summary>
    public static string Write(ConfigurationEntry entry, params (string Key, string Json)[] members)
    {
        var builder = new StringBuilder();
        JsonObjectWriter.Write(builder, job =>
        {
            ConfigurationWriter.WriteJob(job, entry, ConfigurationForm.Jobs);
            foreach (var (key, json) in members)
            {
                job.Plain(key, json);
            }
        });
        return builder.ToString();
    }

    /// <summary>Reads one instance: a JSON (or YAML) object with the job's keys and, optionally, <c>_exist</c>.</summary>
    public static ConfigurationLoadResult Read(string json, string source)
    {
        var wrapped = ConfigurationLoader.Parse("resources:\n  - name: instance\n    type: " + ConfigurationLoader.DscResourceType + "\n    properties: " + Indent(json) + "\n", source);
        return wrapped with
        {
            Findings = wrapped.Findings.Select(f => f with
            {
                Path = f.Path.Replace("resources[0].properties.", string.Empty).Replace("resources[0].properties", string.Empty),
                Location = f.Location is { } at ? at with { Line = Math.Max(1, at.Line - 3) } : null,
            }).ToList(),
        };
    }

    /// <summary>One node of a parsed document as compact JSON.</summary>
    internal static string Node(YamlNode node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>A JSON string literal (the YAML writer's double quoting, which JSON shares).</summary>
    public static string String(string text) => ConfigurationWriter.Quote(text);

    /// <summary>Flow-style JSON on one line, indented so that it sits under the properties key.</summary>
    private static string Indent(string json) => json.Trim().Replace("\n", "\n      ");

    private static void Write(StringBuilder builder, YamlNode node)
    {
        switch (node)
        {
            case YamlScalar scalar:
                builder.Append(scalar.Type switch
                {
                    YamlScalarType.Integer or YamlScalarType.Real when JsonNumber.IsMatch(scalar.Value) => scalar.Value,
                    YamlScalarType.Boolean => scalar.Value.ToLowerInvariant(),
                    YamlScalarType.Null => "null",
                    _ => String(scalar.Value),
                });
                break;
            case YamlSequence sequence:
                builder.Append('[');
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    Write(builder, sequence.Items[i]);
                }

                builder.Append(']');
                break;
            case YamlMapping mapping:
                builder.Append('{');
                for (var i = 0; i < mapping.Entries.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",").Append(String(mapping.Entries[i].Key.Value)).Append(':');
                    Write(builder, mapping.Entries[i].Value);
                }

                builder.Append('}');
                break;
        }
    }
}
