namespace ServiceManagement.Configuration;

/// <summary>
/// Output of one JSON object a line (journalctl -o json, log show --style ndjson), read with the YAML reader
/// (JSON is YAML) under its limits: each line that is an object, as its members; other lines are skipped.
/// </summary>
internal static class JsonLines
{
    public static IEnumerable<IReadOnlyDictionary<string, YamlNode>> Objects(string output, string source)
    {
        foreach (var line in (output ?? throw new ArgumentNullException(nameof(output))).Split('\n').Where(l => l.StartsWith("{", StringComparison.Ordinal)))
        {
            YamlMapping? mapping;
            try
            {
                mapping = YamlTree.Parse(line, source) as YamlMapping;
            }
            catch (Exception ex) when (ex is Validation.InvalidDefinitionException or YamlDotNet.Core.YamlException)
            {
                continue;
            }

            if (mapping is not null)
            {
                yield return mapping.Entries.GroupBy(e => e.Key.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            }
        }
    }
}
