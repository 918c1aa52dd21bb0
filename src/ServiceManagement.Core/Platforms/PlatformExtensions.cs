using ServiceManagement.Errors;
using ServiceManagement.Text;

namespace ServiceManagement.Platforms;

public static class PlatformExtensions
{
    /// <summary>Creates or replaces jobs: validates all first, writes files, reloads once per manager, sets enablement.</summary>
    public static ChangeResult Write(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).Commit(platform.Stage(definitions, Array.Empty<InstalledJob>(), options));

    /// <summary>Creates jobs; one that exists already is an error (<see cref="JobExistsException"/>) and nothing is written.</summary>
    public static ChangeResult Create(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).Commit(platform.StageCreate(definitions, options));

    /// <summary>Replaces existing jobs; one that does not exist is an error (<see cref="JobNotFoundException"/>) and nothing is written.</summary>
    public static ChangeResult Replace(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).Commit(platform.StageReplace(definitions, options));

    /// <summary>Stops, disables and deletes jobs; jobs we did not create need <paramref name="force"/>.</summary>
    public static ChangeResult Remove(this IPlatform platform, IReadOnlyList<InstalledJob> jobs, bool force) =>
        Checked(platform).Commit(platform.StageRemove(jobs, force));

    /// <summary>What <see cref="Create"/> would do, not done yet: shown for what-if, then committed.</summary>
    public static StagedChange StageCreate(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).RequireExistence(definitions, exist: false).Stage(definitions, Array.Empty<InstalledJob>(), options);

    /// <summary>What <see cref="Replace"/> would do, not done yet.</summary>
    public static StagedChange StageReplace(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).RequireExistence(definitions, exist: true).Stage(definitions, Array.Empty<InstalledJob>(), options);

    /// <summary>What <see cref="Remove"/> would do, not done yet.</summary>
    public static StagedChange StageRemove(this IPlatform platform, IReadOnlyList<InstalledJob> jobs, bool force) =>
        Checked(platform).Stage(Array.Empty<Model.BackgroundJobDefinition>(), jobs, new WriteOptions { Force = force });

    private static IPlatform Checked(IPlatform platform) => platform ?? throw new ArgumentNullException(nameof(platform));

    private static IPlatform RequireExistence(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, bool exist)
    {
        var installed = platform.GetJobs(new JobQuery { Names = definitions.Select(d => Wildcard.Escape(d.Name)).ToList() });
        foreach (var definition in definitions)
        {
            var exists = installed.Any(j => platform.IsSameJob(j.Definition, definition));
            if (exists != exist)
            {
                throw exists ? new JobExistsException(definition.Name) : new JobNotFoundException(definition.Name);
            }
        }

        return platform;
    }

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
