using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Text;

namespace ServiceManagement.Requests;

/// <summary>
/// The installed jobs a query selects, the names that selected nothing, and — for commands that act on
/// jobs — the bare names that selected several. As PowerShell does, only a name without wildcards that
/// matches no job is missing: a pattern may match nothing, and may match many.
/// </summary>
public sealed record JobSelection(IReadOnlyList<InstalledJob> Jobs, IReadOnlyList<string> Missing)
{
    /// <summary>Names without wildcards that name several jobs, each as the error that says which; their jobs are not in <see cref="Jobs"/>.</summary>
    public IReadOnlyList<JobAmbiguousException> Ambiguous { get; init; } = Array.Empty<JobAmbiguousException>();

    /// <summary>
    /// Selects jobs. With <paramref name="oneJobPerName"/> (every command that changes jobs), a name
    /// without wildcards that matches several jobs — the system daemon <c>dbus</c> and a user's agent
    /// <c>dbus</c> — selects none of them and is reported in <see cref="Ambiguous"/>, never a silent pick.
    /// </summary>
    public static JobSelection Select(IPlatform platform, JobQuery query, bool oneJobPerName = false)
    {
        if (platform is null || query is null)
        {
            throw new ArgumentNullException(platform is null ? nameof(platform) : nameof(query));
        }

        var jobs = platform.GetJobs(query);
        var missing = new List<string>();
        var ambiguous = new List<JobAmbiguousException>();
        foreach (var name in (query.Names ?? Array.Empty<string>()).Where(n => Wildcard.Literal(n) is not null))
        {
            var matches = jobs.Where(j => new Wildcard(name).IsMatch(j.Definition.Name)).ToList();
            if (matches.Count == 0)
            {
                missing.Add(name);
            }
            else if (oneJobPerName && matches.Count > 1)
            {
                ambiguous.Add(new JobAmbiguousException(name, matches.Select(j => JobIdentity.Of(j.Definition).ToString())));
                jobs = jobs.Except(matches).ToList();
            }
        }

        return new JobSelection(jobs, missing) { Ambiguous = ambiguous };
    }
}
