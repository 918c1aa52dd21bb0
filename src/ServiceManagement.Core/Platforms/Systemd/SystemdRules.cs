using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>What a unit file cannot hold as written, and raw extras that would replace settings the translator writes.</summary>
internal sealed class SystemdRules : INativeRules
{
    public static SystemdRules Instance { get; } = new();

    /// <summary>The configuration keys that become each unit-file setting, to name a finding by what the user wrote.</summary>
    private static readonly IReadOnlyDictionary<string, string> UnitKeyProperties = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Description"] = "description",
        ["ExecStart"] = "program",
        ["WorkingDirectory"] = "workingDirectory",
        ["Environment"] = "environment",
        ["User"] = "runAs.user",
        ["Group"] = "runAs.group",
        ["StandardOutput"] = "standardOutputPath",
        ["StandardError"] = "standardErrorPath",
        ["Wants"] = "dependencies",
        ["After"] = "dependencies",
    };

    private SystemdRules()
    {
    }

    public IEnumerable<Finding> Check(BackgroundJobDefinition definition, JobPlatform platform)
    {
        if (platform != JobPlatform.Systemd)
        {
            yield break;
        }

        foreach (var (section, key, value) in SystemdTranslator.Unwritable(definition))
        {
            var path = UnitKeyProperties.TryGetValue(key, out var property) ? property : $"systemd.{section}.{key}";
            yield return new Finding(FindingSeverity.Error, "UnitValueUnwritable", path,
                $"{key}={DefinitionValidator.Shorten(value)} in [{section}] would not read back as written (a trailing backslash continues the line; surrounding spaces are dropped); change the value.");
        }

        if (definition.Origin == JobOrigin.Authored)
        {
            foreach (var (section, key) in SystemdTranslator.Overriding(definition))
            {
                yield return new Finding(FindingSeverity.Error, "RawOverridesModelled", $"systemd.{section}.{key}",
                    $"{key}= is written from the job's own properties{(UnitKeyProperties.TryGetValue(key, out var property) ? " (" + property + ")" : string.Empty)}; set those instead: raw extras add settings, they do not replace them.");
            }
        }
    }
}
