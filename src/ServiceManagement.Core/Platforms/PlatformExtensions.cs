using ServiceManagement.Errors;
using ServiceManagement.Text;

namespace ServiceManagement.Platforms;

public static class PlatformExtensions
{
    /// <summary>Creates or replaces jobs: validates all first, writes files, reloads once per manager, sets enablement.</summary>
    public static ChangeResult Write(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        (platform ?? throw new ArgumentNullException(nameof(platform))).Commit(platform.Stage(definitions, Array.Empty<InstalledJob>(), options));

    /// <summary>Stops, disables and deletes jobs; jobs we did not create need <paramref name="force"/>.</summary>
    public static ChangeResult Remove(this IPlatform platform, IReadOnlyList<InstalledJob> jobs, bool force) =>
        (platform ?? throw new ArgumentNullException(nameof(platform))).Commit(platform.Stage(Array.Empty<Model.BackgroundJobDefinition>(), jobs, new WriteOptions { Force = force }));

    /// <summary>Refuses to change a job ServiceManagement did not create unless forced; nothing to check for a new job.</summary>
    public static void RequireManaged(this InstalledJob? job, bool force)
    {
        if (job is { Definition.Managed: false } && !force)
        {
            throw new JobNotManagedException(job.Definition.Name, job.Files.FirstOrDefault() ?? job.Definition.Name);
        }
    }

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
