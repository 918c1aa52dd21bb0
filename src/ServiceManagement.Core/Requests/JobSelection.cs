using ServiceManagement.Platforms;
using ServiceManagement.Text;

namespace ServiceManagement.Requests;

/// <summary>
/// The installed jobs a query selects, and the names that selected nothing. As PowerShell does, only a
/// name without wildcards that matches no job is missing: a pattern may match nothing.
/// </summary>
public sealed record JobSelection(IReadOnlyList<InstalledJob> Jobs, IReadOnlyList<string> Missing)
{
    public static JobSelection Select(IPlatform platform, JobQuery query)
    {
        if (platform is null || query is null)
        {
            throw new ArgumentNullException(platform is null ? nameof(platform) : nameof(query));
        }

        var jobs = platform.GetJobs(query);
        var missing = (query.Names ?? Array.Empty<string>())
            .Where(name => Wildcard.Literal(name) is not null && !jobs.Any(j => new Wildcard(name).IsMatch(j.Definition.Name)))
            .ToList();
        return new JobSelection(jobs, missing);
    }
}
