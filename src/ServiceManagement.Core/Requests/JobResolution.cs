using ServiceManagement.Errors;
using ServiceManagement.Platforms;

namespace ServiceManagement.Requests;

/// <summary>Installed jobs named by a query, for front ends that stop at the first error.</summary>
public static class JobResolution
{
    /// <summary>
    /// The installed jobs a query selects, for a front end that stops at the first error (svcmgmt): the same
    /// selection the cmdlets make (<see cref="JobSelection"/>) — a name without wildcards that matches
    /// nothing is an error, a pattern may match nothing — and, for a command that acts on jobs
    /// (<paramref name="oneJobPerName"/>), a bare name that matches several jobs is one too.
    /// </summary>
    /// <summary>
    /// The jobs a listing of names shows (status, watch): every job the query's filters admit when it names
    /// none, else <see cref="Resolve"/>'s selection, where a bare name may match several jobs.
    /// </summary>
    public static IReadOnlyList<InstalledJob> Find(this IPlatform platform, JobQuery query) =>
        (query ?? throw new ArgumentNullException(nameof(query))).Names is null
            ? (platform ?? throw new ArgumentNullException(nameof(platform))).GetJobs(query)
            : platform.Resolve(query, oneJobPerName: false);

    public static IReadOnlyList<InstalledJob> Resolve(this IPlatform platform, JobQuery query, bool oneJobPerName = true)
    {
        var selection = JobSelection.Select(platform ?? throw new ArgumentNullException(nameof(platform)), query ?? throw new ArgumentNullException(nameof(query)), oneJobPerName);
        if (selection.Ambiguous.Count > 0)
        {
            throw selection.Ambiguous[0];
        }

        return selection.Missing.Count == 0 ? selection.Jobs : throw new JobNotFoundException(selection.Missing[0]);
    }
}
