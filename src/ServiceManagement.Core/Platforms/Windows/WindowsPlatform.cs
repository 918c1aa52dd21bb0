using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Windows.Native;
using ServiceManagement.Processes;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Windows: daemons as services (<see cref="ServiceStore"/>), agents and scheduled daemons as tasks
/// (<see cref="TaskStore"/>), login items as Run values (<see cref="RunKeyStore"/>). A change is staged as
/// "files" named by the native object (<see cref="WindowsObject.Path"/>) holding its text form, so that
/// what-if shows a diff and restoring puts back exactly what was there.
/// </summary>
internal sealed class WindowsPlatform : IPlatform
{
    private readonly ICommandRunner _runner;
    private readonly string _currentUser;
    private readonly IReadOnlyDictionary<JobPlatform, IWindowsStore> _stores;

    public WindowsPlatform(ICommandRunner runner)
        : this(runner, ServiceControlManager.Open, new WindowsRegistry(), Environment.UserName, new[]
        {
            new StartupFolder(Environment.GetFolderPath(Environment.SpecialFolder.Startup), JobScope.User, "HKEY_CURRENT_USER"),
            new StartupFolder(Environment.GetFolderPath(Environment.SpecialFolder.CommonStartup), JobScope.System, "HKEY_LOCAL_MACHINE"),
        })
    {
    }

    /// <summary>A Windows platform over the given service manager, registry and user: what tests on Linux build with fakes.</summary>
    internal WindowsPlatform(ICommandRunner runner, Func<bool, IServiceManager> openServiceManager, IRegistry registry, string currentUser, IReadOnlyList<StartupFolder> startupFolders)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _currentUser = currentUser;
        _stores = new Dictionary<JobPlatform, IWindowsStore>
        {
            [JobPlatform.WindowsService] = new ServiceStore(openServiceManager),
            [JobPlatform.WindowsTask] = new TaskStore(runner, currentUser),
            [JobPlatform.WindowsRunKey] = new RunKeyStore(registry, currentUser, startupFolders),
        };
    }

    public TargetOperatingSystem OperatingSystem => TargetOperatingSystem.Windows;

    public INativeRules Rules => WindowsRules.Instance;

    public IDisposable KeepConnections() => NoConnections.Instance;

    public IDisposable FollowStatus() => NoConnections.Instance;

    public string LockPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "ServiceManagement", "apply.lock");

    public IReadOnlyList<string> Notices => Array.Empty<string>();

    public IReadOnlyList<InstalledJob> GetJobs(JobQuery query) =>
        _stores.Values.SelectMany(s => s.Jobs(query)).Select(InstalledJob.WithSecretsApart).ToList();

    public IReadOnlyList<BackgroundJobStatus> GetStatus(IReadOnlyList<InstalledJob> jobs)
    {
        var statuses = new BackgroundJobStatus[jobs.Count];
        foreach (var group in jobs.Select((job, index) => (Job: job, Index: index)).GroupBy(j => StoreOf(j.Job.Definition)))
        {
            var members = group.ToList();
            var found = group.Key.Status(members.Select(m => m.Job).ToList());
            for (var i = 0; i < members.Count; i++)
            {
                statuses[members[i].Index] = found[i];
            }
        }

        return statuses;
    }

    public IReadOnlyList<BackgroundJobStatus> GetStates(IReadOnlyList<InstalledJob> jobs) => GetStatus(jobs);

    /// <summary>
    /// Services as the service control manager announces their changes (NotifyServiceStatusChangeW); tasks and Run
    /// values, which announce nothing, and services where the manager makes no announcements, read at every interval.
    /// </summary>
    public IEnumerable<BackgroundJobEvent> Watch(IReadOnlyList<InstalledJob> jobs, IReadOnlyList<JobState> from, TimeSpan interval, CancellationToken cancellation)
    {
        using var watch = new JobWatch();
        var services = Enumerable.Range(0, jobs.Count).Where(i => StoreOf(jobs[i].Definition) is ServiceStore).ToList();
        // Read on the listening thread, where an error would end the process: a service that cannot be read is announced as unknown.
        JobState StateOf(InstalledJob job)
        {
            try
            {
                return this.StatusOf(new[] { job })[0].State;
            }
            catch (ServiceManagementException)
            {
                return JobState.Unknown;
            }
        }

        using var notifications = services.Count == 0 ? null : ((ServiceStore)_stores[JobPlatform.WindowsService]).Listen(
            services.Select(i => jobs[i].Definition.Name).ToList(),
            k => watch.Announce(services[k], StateOf(jobs[services[k]])));
        var polled = Enumerable.Range(0, jobs.Count).Except(notifications is null ? Array.Empty<int>() : services).ToList();
        foreach (var change in watch.Events(this, jobs, from, polled, interval, cancellation))
        {
            yield return change;
        }
    }

    public JobSecurity GetSecurity(InstalledJob job) =>
        new((job ?? throw new ArgumentNullException(nameof(job))).Definition.Name, null, null, Array.Empty<SecurityFinding>(), "none (Windows has no exposure analyser for services; see the service's account, SID type and required privileges)");

    /// <summary>
    /// A service's entries from the Service Control Manager in the System event log (started, stopped,
    /// terminated, failed to start: events 7000–7045); Task Scheduler and Run values keep no log of their own.
    /// </summary>
    public JobLog GetLog(InstalledJob job, LogQuery query)
    {
        var definition = (job ?? throw new ArgumentNullException(nameof(job))).Definition;
        if (definition.Platform != JobPlatform.WindowsService)
        {
            return new JobLog(definition.Name, Array.Empty<JobLogEntry>(), new[]
            {
                definition.Platform == JobPlatform.WindowsTask
                    ? "no log of its own (Task Scheduler's history is in Microsoft-Windows-TaskScheduler/Operational, which ServiceManagement does not read)"
                    : "no log of its own (a Run value's program logs as it does itself)",
            });
        }

        var command = ServiceEventLog.Command(query);
        var result = _runner.Run(command);
        var displayName = definition.Windows.TryGetValue("DisplayName", out var raw) && raw is RawScalar scalar ? scalar.Text : definition.Name;
        var entries = ServiceEventLog.Parse(result.StandardOutput, new[] { definition.Name, displayName }, query.Tail);
        return new JobLog(definition.Name, entries, new[] { $"the System event log ({command}){(result.Succeeded ? string.Empty : ": " + result.StandardError.Trim())}" });
    }

    public IReadOnlyList<NativeFile> Render(BackgroundJobDefinition definition)
    {
        var store = StoreOf(definition);
        return new[] { new NativeFile(store.Locate(definition).Path, store.Render(definition, null)) };
    }

    public BackgroundJobDefinition Normalize(BackgroundJobDefinition definition) => (PlatformTargets.For(TargetOperatingSystem.Windows, definition) switch
    {
        JobPlatform.WindowsService => ServiceTranslator.Parse(ServiceTranslator.Render(definition)),
        JobPlatform.WindowsTask => TaskTranslator.Parse(TaskTranslator.Render(definition, _currentUser), definition.Name),
        _ => RunKeyTranslator.Parse(RunKeyTranslator.Render(definition), managed: false),
    }) with { Managed = false, Platform = null, SourcePath = null, User = definition.User };

    public bool IsSameJob(BackgroundJobDefinition installed, BackgroundJobDefinition declared) =>
        JobIdentity.Same(installed, declared, _currentUser, StringComparison.OrdinalIgnoreCase);

    public StagedChange Stage(IReadOnlyList<BackgroundJobDefinition> writes, IReadOnlyList<InstalledJob> removals, WriteOptions options)
    {
        var findings = this.Validated(writes, options);

        var jobs = new List<StagedJob>();
        foreach (var declared in writes)
        {
            var store = StoreOf(declared);
            var target = store.Locate(declared with { SourcePath = null });
            var before = store.Current(target);
            var existing = before is null ? null : store.Existing(target, before, declared) is { } found ? InstalledJob.WithSecretsApart(found) : null;
            var definition = declared.WithKeptSecrets(existing);
            var files = this.FilesToWrite(definition, existing, options.Force, () =>
            {
                store.Check(definition, existing, options);
                return new[] { new FileChange(target.Path, before, store.Render(definition, existing)) };
            });
            jobs.Add(new StagedJob(definition, existing, files) { Findings = findings[jobs.Count] });
        }

        foreach (var job in removals)
        {
            job.RequireManaged(options.Force);
            var store = StoreOf(job.Definition);
            store.Check(null, job, options);
            var target = store.Locate(job.Definition);
            jobs.Add(new StagedJob(null, job, new[] { new FileChange(target.Path, store.Current(target), null) }));
        }

        return new StagedChange(jobs, options);
    }

    public StagedChange StageRevert(IReadOnlyList<InstalledJob> jobs) =>
        throw new PlatformException("Windows services and tasks ServiceManagement did not create are changed in place (with force); there is no drop-in to revert.");

    public ChangeResult Commit(StagedChange change)
    {
        var changed = new List<string>();
        var notes = new List<string>();
        foreach (var job in (change ?? throw new ArgumentNullException(nameof(change))).Jobs.Where(j => j.Desired is null))
        {
            var store = StoreOf(job.Existing!.Definition);
            store.Stop(job.Existing.Definition);
            store.Apply(store.Locate(job.Existing.Definition), null, null);
            changed.Add(job.Files[0].Path);
        }

        foreach (var job in change.Jobs.Where(j => j.Desired is not null && j.Changes))
        {
            var store = StoreOf(job.Desired!);
            if (job.FilesChange)
            {
                store.Apply(store.Locate(job.Desired! with { SourcePath = null }), job.Files[0].After, change.Options.AccountPassword);
                changed.Add(job.Files[0].Path);
            }

            if (job.Desired!.Kind == JobKind.LoginItem)
            {
                notes.Add($"{job.Desired.Name} starts at the next logon.");
                continue;
            }

            var run = job.RunChangeFor(change.Options);
            if (run is RunChange.Stop or RunChange.Restart)
            {
                store.Stop(job.Desired);
            }

            if (run is RunChange.Start or RunChange.Restart)
            {
                store.Start(job.Desired);
            }
        }

        return new ChangeResult(changed) { Notes = notes };
    }

    public void Restore(StagedChange change)
    {
        foreach (var job in (change ?? throw new ArgumentNullException(nameof(change))).Jobs)
        {
            var definition = job.Desired is { } desired ? desired with { SourcePath = null } : job.Existing!.Definition;
            var store = StoreOf(definition);
            foreach (var file in job.Files.Where(f => f.IsChange))
            {
                store.Apply(store.Locate(definition), file.Before, null);
            }
        }
    }

    public void Control(IReadOnlyList<InstalledJob> jobs, JobAction action)
    {
        foreach (var job in jobs ?? throw new ArgumentNullException(nameof(jobs)))
        {
            var store = StoreOf(job.Definition);
            switch (action)
            {
                case JobAction.Start:
                    store.Start(job.Definition);
                    break;
                case JobAction.Stop:
                    store.Stop(job.Definition);
                    break;
                case JobAction.Restart:
                    store.Stop(job.Definition);
                    store.Start(job.Definition);
                    break;
                default:
                    store.SetEnabled(job.Definition, action == JobAction.Enable);
                    break;
            }
        }
    }

    /// <summary>The store an installed job was found in, or the one a declared job is written to.</summary>
    private IWindowsStore StoreOf(BackgroundJobDefinition definition) =>
        _stores[definition.Platform ?? PlatformTargets.For(TargetOperatingSystem.Windows, definition)];
}
