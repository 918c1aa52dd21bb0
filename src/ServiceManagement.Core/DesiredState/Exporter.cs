using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Validation;

namespace ServiceManagement.DesiredState;

/// <summary>Jobs on the machine as configuration entries that plan and apply read back, and what is not portable about them.</summary>
public sealed record ExportResult(IReadOnlyList<ConfigurationEntry> Entries, IReadOnlyList<Finding> Findings)
{
    /// <summary>The one line that says what an export wrote.</summary>
    public string Summary
    {
        get
        {
            var jobs = Findings.Select(f => f.Path.Split('.')[0]).Distinct().Count();
            return $"exported {Entries.Count} job{(Entries.Count == 1 ? string.Empty : "s")}"
                + (jobs == 0 ? "." : $"; {jobs} of them have portability findings (validate lists them).");
        }
    }
}

public static class Exporter
{
    /// <summary>
    /// Every matching job, whoever created it and whatever state it is in (masked units too, as
    /// <c>startupType: disabled</c>): each is written with <c>origin: machine</c>, so it is held to its
    /// job manager's rules, not the authoring rules, and planning the export against the same machine
    /// changes nothing. Nothing is skipped; what is not portable comes back as warnings. Secrets are written
    /// <c>{ keepSecret: true }</c>, which keeps the machine's value when planned back; with
    /// <paramref name="includeSecrets"/>, their values, as far as this user may read them.
    /// </summary>
    public static ExportResult Export(IPlatform platform, JobQuery query, bool includeSecrets = false)
    {
        if (platform is null)
        {
            throw new ArgumentNullException(nameof(platform));
        }

        var entries = platform.GetJobs(query)
            .Select((job, i) => new ConfigurationEntry((includeSecrets ? job.Complete : job.Definition) with { Origin = JobOrigin.Machine }) { EntryPath = $"jobs[{i}]" })
            .ToList();
        var findings = entries
            .SelectMany(e => DefinitionValidator.Validate(e.Definition, platform.OperatingSystem, platform.Rules)
                .Where(f => f.Severity != FindingSeverity.Info)
                .Select(f => f with { Path = DefinitionValidator.Prefix(e.EntryPath, f.Path) }))
            .ToList();
        return new ExportResult(entries, findings);
    }
}
