using ServiceManagement.Configuration;
using ServiceManagement.Platforms;
using ServiceManagement.Validation;

namespace ServiceManagement.DesiredState;

/// <summary>Jobs on the machine as configuration entries that plan and apply read back.</summary>
public sealed record ExportResult(IReadOnlyList<ConfigurationEntry> Entries, IReadOnlyList<(string Name, string Reason)> Skipped);

public static class Exporter
{
    /// <summary>
    /// Every matching job that a configuration can express; masked jobs and jobs the configuration
    /// would reject (a template's name, say) are skipped with the reason.
    /// </summary>
    public static ExportResult Export(IPlatform platform, JobQuery query)
    {
        if (platform is null)
        {
            throw new ArgumentNullException(nameof(platform));
        }

        var entries = new List<ConfigurationEntry>();
        var skipped = new List<(string, string)>();
        foreach (var job in platform.GetJobs(query))
        {
            var error = job.Masked ? "masked" : DefinitionValidator.Validate(job.Definition, platform.OperatingSystem).FirstOrDefault(f => f.Severity == FindingSeverity.Error)?.ToString();
            if (error is null)
            {
                entries.Add(new ConfigurationEntry(job.Definition));
            }
            else
            {
                skipped.Add((job.Definition.Name, error));
            }
        }

        return new ExportResult(entries, skipped);
    }
}
