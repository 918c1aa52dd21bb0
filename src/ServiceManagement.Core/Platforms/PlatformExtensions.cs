using ServiceManagement.Errors;
using ServiceManagement.Text;

namespace ServiceManagement.Platforms;

public static class PlatformExtensions
{
    /// <summary>The installed jobs the names (wildcards allowed) match; a name that matches nothing is an error.</summary>
    public static IReadOnlyList<InstalledJob> Resolve(this IPlatform platform, IReadOnlyList<string> names)
    {
        if (platform is null)
        {
            throw new ArgumentNullException(nameof(platform));
        }

        var jobs = platform.GetJobs(new JobQuery { Names = names });
        var missing = names.FirstOrDefault(n => !jobs.Any(j => new Wildcard(n).IsMatch(j.Definition.Name)));
        return missing is null ? jobs : throw new JobNotFoundException(missing);
    }
}
