using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Text;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms;

public static class PlatformExtensions
{
    /// <summary>Creates or replaces jobs: validates all first, writes files, reloads once per manager, sets enablement.</summary>
    public static ChangeResult Write(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).Commit(platform.Stage(definitions, Array.Empty<InstalledJob>(), options));

    /// <summary>
    /// What writing jobs in a <paramref name="mode"/> would do, not done yet — the one policy every front end
    /// follows: <see cref="WriteMode.Create"/> with force creates or replaces (a job ServiceManagement did not
    /// create included), <see cref="WriteMode.Replace"/> needs the job to exist, force or not.
    /// </summary>
    public static StagedChange StageWrite(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteMode mode, WriteOptions options) => mode switch
    {
        WriteMode.Create when !(options ?? throw new ArgumentNullException(nameof(options))).Force => platform.StageCreate(definitions, options),
        WriteMode.Replace => platform.StageReplace(definitions, options),
        _ => Checked(platform).Stage(definitions, Array.Empty<InstalledJob>(), options),
    };

    /// <summary>Creates jobs; one that exists already is an error (<see cref="JobExistsException"/>) and nothing is written.</summary>
    public static ChangeResult Create(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).Commit(platform.StageCreate(definitions, options));

    /// <summary>Replaces existing jobs; one that does not exist is an error (<see cref="JobNotFoundException"/>) and nothing is written.</summary>
    public static ChangeResult Replace(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).Commit(platform.StageReplace(definitions, options));

    /// <summary>Stops, disables and deletes jobs; jobs we did not create need <paramref name="force"/>.</summary>
    public static ChangeResult Remove(this IPlatform platform, IReadOnlyList<InstalledJob> jobs, bool force) =>
        Checked(platform).Commit(platform.StageRemove(jobs, force));

    /// <summary>The installed job <paramref name="definition"/> is (same kind, scope, user and name); null when there is none.</summary>
    public static InstalledJob? Installed(this IPlatform platform, Model.BackgroundJobDefinition definition) =>
        Checked(platform).GetJobs(JobQuery.Naming(new[] { definition ?? throw new ArgumentNullException(nameof(definition)) }))
            .FirstOrDefault(j => platform.IsSameJob(j.Definition, definition));

    /// <summary>What <see cref="Create"/> would do, not done yet: shown for what-if, then committed.</summary>
    public static StagedChange StageCreate(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).Stage(definitions, Array.Empty<InstalledJob>(), options with { Installed = platform.RequireExistence(definitions, exist: false) });

    /// <summary>What <see cref="Replace"/> would do, not done yet.</summary>
    public static StagedChange StageReplace(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, WriteOptions options) =>
        Checked(platform).Stage(definitions, Array.Empty<InstalledJob>(), options with { Installed = platform.RequireExistence(definitions, exist: true) });

    /// <summary>What <see cref="Remove"/> would do, not done yet.</summary>
    public static StagedChange StageRemove(this IPlatform platform, IReadOnlyList<InstalledJob> jobs, bool force) =>
        Checked(platform).Stage(Array.Empty<Model.BackgroundJobDefinition>(), jobs, new WriteOptions { Force = force });

    /// <summary>The stage gate: the caller's validation of these writes for this platform when it made one (a plan's), else <see cref="DefinitionValidator.RequireValid"/>.</summary>
    internal static IReadOnlyList<IReadOnlyList<Finding>> Validated(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> writes, WriteOptions options) =>
        (options ?? throw new ArgumentNullException(nameof(options))).Validated
        ?? DefinitionValidator.RequireValid(writes, Checked(platform).OperatingSystem, platform.Rules);

    private static IPlatform Checked(IPlatform platform) => platform ?? throw new ArgumentNullException(nameof(platform));

    /// <summary>The installed jobs of these names, read once: staging reuses them.</summary>
    private static IReadOnlyList<InstalledJob> RequireExistence(this IPlatform platform, IReadOnlyList<Model.BackgroundJobDefinition> definitions, bool exist)
    {
        var installed = platform.GetJobs(JobQuery.Naming(definitions));
        foreach (var definition in definitions)
        {
            var exists = installed.Any(j => platform.IsSameJob(j.Definition, definition));
            if (exists != exist)
            {
                throw exists ? new JobExistsException(definition.Name) : new JobNotFoundException(definition.Name);
            }
        }

        return installed;
    }

    /// <summary>
    /// True when <paramref name="desired"/> reads back as exactly the installed job: writing it would
    /// change nothing the job manager sees. Such a write is no change at all — no file is written and the
    /// job is not taken over — which is what makes an export of a machine plan back as "no change".
    /// </summary>
    public static bool IsAsInstalled(this IPlatform platform, Model.BackgroundJobDefinition desired, InstalledJob? installed) =>
        installed is not null && Configuration.PropertyDiff.Compare(Checked(platform).Normalize(desired), Comparable(installed.Complete)).Count == 0;

    /// <summary>An installed definition without the facts that only describe where and how it was found.</summary>
    public static Model.BackgroundJobDefinition Comparable(Model.BackgroundJobDefinition installed) =>
        (installed ?? throw new ArgumentNullException(nameof(installed))) with { Managed = false, Platform = null, SourcePath = null, Origin = Model.JobOrigin.Authored };

    /// <summary>
    /// The native files a write of <paramref name="desired"/> changes: none when it is as installed
    /// (see <see cref="IsAsInstalled"/>), else <paramref name="render"/>'s, after refusing to take over a
    /// job ServiceManagement did not create unless forced.
    /// </summary>
    public static IReadOnlyList<FileChange> FilesToWrite(this IPlatform platform, Model.BackgroundJobDefinition desired, InstalledJob? installed, bool force, Func<IReadOnlyList<FileChange>> render)
    {
        if (Checked(platform).IsAsInstalled(desired, installed))
        {
            return Array.Empty<FileChange>();
        }

        installed.RequireManaged(force);
        return (render ?? throw new ArgumentNullException(nameof(render)))();
    }

    /// <summary>
    /// The desired job with the values of the secrets it keeps as the machine has them (named secrets without a
    /// value: <c>{ keepSecret: true }</c>, or a job read from the machine) taken from the installed job. A secret
    /// with nothing to keep — no such job, or a value this user cannot read — is an error, and nothing is written.
    /// </summary>
    public static Model.BackgroundJobDefinition WithKeptSecrets(this Model.BackgroundJobDefinition desired, InstalledJob? installed)
    {
        var kept = (desired ?? throw new ArgumentNullException(nameof(desired))).SecretEnvironment.Where(n => !desired.Environment.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
        if (kept.Count == 0)
        {
            return desired;
        }

        var missing = kept.Where(n => installed is null || !installed.SecretValues.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDefinitionException(missing.Select(n => new Validation.Finding(Validation.FindingSeverity.Error, "SecretNotKept", Validation.DefinitionValidator.Prefix(desired.Name, "environment." + n),
                installed is null
                    ? $"The secret {n} is kept as the machine has it, but {desired.Name} does not exist here: give its value ({{ secret: VALUE }})."
                    : $"The secret {n} is kept as the machine has it, but this user cannot read its value (only root, or the agent's user, can), or {desired.Name} has none.")).ToList());
        }

        return desired with { Environment = Model.ValueMap<string>.From(desired.Environment.Concat(kept.Select(n => new KeyValuePair<string, string>(n, installed!.SecretValues[n])))) };
    }

    /// <summary>
    /// A write of <paramref name="desired"/> staged against the installed job: its files (see
    /// <see cref="FilesToWrite"/>; <paramref name="render"/> gets the job with the secrets it keeps, see
    /// <see cref="WithKeptSecrets"/>), and whether the job manager's enablement must change — which, for a job
    /// ServiceManagement did not create, also needs force.
    /// </summary>
    public static StagedJob StageWrite(this IPlatform platform, Model.BackgroundJobDefinition desired, InstalledJob? installed, bool wantsEnabled, bool force, Func<Model.BackgroundJobDefinition, IReadOnlyList<FileChange>> render)
    {
        var complete = desired.WithKeptSecrets(installed);
        var asInstalled = Checked(platform).IsAsInstalled(complete, installed);
        if (!asInstalled)
        {
            installed.RequireManaged(force);
        }

        var staged = new StagedJob(complete, installed, asInstalled ? Array.Empty<FileChange>() : (render ?? throw new ArgumentNullException(nameof(render)))(complete))
        {
            EnablementDiffers = installed?.Enabled is { } enabled && enabled != wantsEnabled,
            EffectiveDiffers = installed is not null && !asInstalled,
        };
        if (staged.EnablementDiffers)
        {
            installed.RequireManaged(force);
        }

        return staged;
    }

    /// <summary>The status of each job (see <see cref="IPlatform.GetStatus"/>), naming its kind, scope and user.</summary>
    public static IReadOnlyList<Model.BackgroundJobStatus> StatusOf(this IPlatform platform, IReadOnlyList<InstalledJob> jobs) =>
        Checked(platform).GetStatus(jobs ?? throw new ArgumentNullException(nameof(jobs)))
            .Select((status, i) => status with { Kind = jobs[i].Definition.Kind, Scope = jobs[i].Definition.Scope, User = jobs[i].Definition.User, RunState = jobs[i].RunStateOf(status) })
            .ToList();

    /// <summary>Whether <paramref name="job"/> runs, by a status read for it; null when the status cannot tell.</summary>
    public static Model.RunState? RunStateOf(this InstalledJob job, Model.BackgroundJobStatus status) =>
        RunStates.Actual(status ?? throw new ArgumentNullException(nameof(status)), (job ?? throw new ArgumentNullException(nameof(job))).Triggered);

    /// <summary>
    /// The health of jobs: their statuses, only the running ones when asked, ordered by name, or by memory or
    /// CPU time, largest first (a job without the figure last).
    /// </summary>
    public static IReadOnlyList<Model.BackgroundJobStatus> Health(this IPlatform platform, IReadOnlyList<InstalledJob> jobs, bool runningOnly, HealthOrder order)
    {
        var statuses = platform.StatusOf(jobs).Where(s => !runningOnly || s.State == Model.JobState.Running);
        return (order switch
        {
            HealthOrder.Memory => statuses.OrderByDescending(s => s.MemoryBytes ?? -1),
            HealthOrder.Cpu => statuses.OrderByDescending(s => s.CpuTime ?? TimeSpan.MinValue),
            _ => statuses.OrderBy(s => s.Name, StringComparer.Ordinal),
        }).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Refuses to change a job ServiceManagement did not create unless forced; nothing to check for a new job.</summary>
    public static void RequireManaged(this InstalledJob? job, bool force)
    {
        if (job is { Definition.Managed: false } && !force)
        {
            throw new JobNotManagedException(job.Definition.Name, job.Files.FirstOrDefault() ?? job.Definition.Name);
        }
    }
}
