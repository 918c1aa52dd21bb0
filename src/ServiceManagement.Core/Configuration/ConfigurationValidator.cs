using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Configuration;

/// <summary>
/// A loaded configuration's findings: what loading found, merged with what <see cref="DefinitionValidator"/>
/// finds in its jobs, each located in the file.
/// </summary>
public static class ConfigurationValidator
{
    /// <summary>
    /// Every finding for a loaded configuration: what loading found, then what validation finds in the
    /// jobs, located in the file. Validation says nothing more about a property loading already rejected.
    /// </summary>
    public static IReadOnlyList<Finding> Validate(ConfigurationLoadResult result) => Validate(result, null, NativeRules.None);

    /// <summary>As <see cref="Validate(ConfigurationLoadResult)"/>, and for the platforms of <paramref name="os"/> by their <paramref name="rules"/>.</summary>
    public static IReadOnlyList<Finding> Validate(ConfigurationLoadResult result, TargetOperatingSystem? os, INativeRules rules) =>
        Validate(result, os, rules, out _);

    /// <summary>As the other overload, and each entry's own findings from validation (unprefixed, unlocated) in <paramref name="each"/>; empty without a document.</summary>
    internal static IReadOnlyList<Finding> Validate(ConfigurationLoadResult result, TargetOperatingSystem? os, INativeRules rules, out IReadOnlyList<IReadOnlyList<Finding>> each)
    {
        each = Array.Empty<IReadOnlyList<Finding>>();
        if (result?.Document is not { } document)
        {
            return result?.Findings ?? throw new ArgumentNullException(nameof(result));
        }

        // Sets looked up by each path's prefixes: linear in the findings however many there are.
        var rejected = new HashSet<string>(result.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Path).Concat(result.Covered).Where(p => p.Length > 0), StringComparer.Ordinal);
        var entries = new Dictionary<string, ConfigurationEntry>(StringComparer.Ordinal);
        foreach (var entry in document.Entries)
        {
            entries[entry.EntryPath] = entry;
        }

        var validation = ConfigurationEntry.Validate(document.Entries, os, rules, out each)
            .Where(f => !Prefixes(f.Path).Any(rejected.Contains))
            .Select(f => f with { Location = Locate(entries, f.Path) });
        return result.Findings.Concat(validation).ToList();
    }

    /// <summary>A path and each path it lies inside: <c>jobs[2].restart.delay</c>, <c>jobs[2].restart</c>, <c>jobs[2]</c>, <c>jobs</c>.</summary>
    private static IEnumerable<string> Prefixes(string path)
    {
        for (var cut = path.Length; cut > 0; cut = Math.Max(path.LastIndexOf('.', cut - 1), path.LastIndexOf('[', cut - 1)))
        {
            yield return path.Substring(0, cut);
        }
    }

    /// <summary>
    /// Platform-neutral findings once, then for each operating system the findings only it has; when
    /// there are several systems, each such message says which one it concerns.
    /// </summary>
    public static IReadOnlyList<Finding> ValidateFor(ConfigurationLoadResult result, IReadOnlyList<TargetOperatingSystem> systems, INativeRules rules)
    {
        // A problem is its code at its path: the neutral finding says it once, whatever a system's words for it add.
        var neutral = Validate(result);
        var known = new HashSet<(string Code, string Path, FindingSeverity Severity)>(neutral.Select(f => (f.Code, f.Path, f.Severity)));
        var findings = new List<Finding>(neutral);
        foreach (var os in systems)
        {
            var specific = Validate(result, os, rules).Where(f => !known.Contains((f.Code, f.Path, f.Severity)));
            findings.AddRange(systems.Count == 1 ? specific : specific.Select(f => f with { Message = $"on {os.ToString().ToLowerInvariant()}: {f.Message}" }));
        }

        return findings;
    }

    private static SourceLocation? Locate(IReadOnlyDictionary<string, ConfigurationEntry> entries, string path)
    {
        var entry = Prefixes(path).Select(prefix => entries.TryGetValue(prefix, out var found) ? found : null).FirstOrDefault(found => found is not null);
        if (entry is null)
        {
            return null;
        }

        var relative = path == entry.EntryPath ? string.Empty : path.Substring(entry.EntryPath.Length + 1);
        while (true)
        {
            if (entry.Locations.TryGetValue(relative, out var location))
            {
                return location;
            }

            if (relative.Length == 0)
            {
                return null;
            }

            var cut = Math.Max(relative.LastIndexOf('.'), relative.LastIndexOf('['));
            relative = cut < 0 ? string.Empty : relative.Substring(0, cut);
        }
    }
}
