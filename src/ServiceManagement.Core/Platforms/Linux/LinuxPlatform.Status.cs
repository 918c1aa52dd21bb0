using ServiceManagement.Model;
using ServiceManagement.Platforms.Systemd;

namespace ServiceManagement.Platforms.Linux;

/// <summary>Status: one list-units (and one show of the loaded units) per manager, figures from /proc.</summary>
internal sealed partial class LinuxPlatform
{
    /// <summary>Each job's units' status properties, read the way the supervisor reaches the manager.</summary>
    public IReadOnlyList<BackgroundJobStatus> GetStatus(IReadOnlyList<InstalledJob> jobs) => Statuses(jobs, _systemd.Status);

    /// <summary>States from one listing of the loaded units per manager; a unit it does not list was unloaded, so inactive.</summary>
    public IReadOnlyList<BackgroundJobStatus> GetStates(IReadOnlyList<InstalledJob> jobs) =>
        Statuses(jobs, (manager, units) =>
        {
            var loaded = _systemd.ListUnits(manager);
            return units.ToDictionary(u => u, u => SystemdSupervisor.Listed(loaded, u), StringComparer.Ordinal);
        });

    private IReadOnlyList<BackgroundJobStatus> Statuses(
        IReadOnlyList<InstalledJob> jobs,
        Func<SystemdManager, IReadOnlyList<string>, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> query)
    {
        var statuses = new BackgroundJobStatus?[jobs.Count];
        foreach (var group in jobs.Select((job, index) => (job, index)).GroupBy(j => StatusManager(j.job.Definition)))
        {
            var manager = group.Key;
            if (manager is null || manager.IsGlobal || !_systemd.IsRunning(manager))
            {
                var (state, why) = manager switch
                {
                    null or { IsGlobal: true } => (JobState.Unknown, "runs in each user's session"),
                    { User: null } => (JobState.Unknown, "systemd is not running"),
                    _ => (JobState.NotLoaded, "user manager not running"),
                };
                foreach (var (job, index) in group)
                {
                    statuses[index] = new BackgroundJobStatus(job.Definition.Name, job.Masked ? JobState.Disabled : state) { NativeState = why, ManagerDown = manager is not null && !manager.IsGlobal };
                }

                continue;
            }

            // A template has no state of its own; its instances do.
            foreach (var (job, index) in group.Where(j => IsTemplate(j.job)))
            {
                statuses[index] = new BackgroundJobStatus(job.Definition.Name, JobState.Unknown) { NativeState = "template (runs as instances)" };
            }

            var live = group.Where(j => !IsTemplate(j.job)).ToList();
            var properties = query(manager, live.SelectMany(j => StatusUnits(j.job)).Distinct(StringComparer.Ordinal).ToList());
            var activatable = live.Any(j => ActivationName(j.job) is not null) ? ActivatableNames(manager) : null;
            var clock = Clock.System;
            foreach (var (job, index) in live)
            {
                var mine = StatusUnits(job);
                properties.TryGetValue(mine[0], out var main);
                var trigger = mine.Count > 1 && properties.TryGetValue(mine[1], out var t) ? t : null;
                var timer = mine.Count > 1 && mine[1].EndsWith(".timer", StringComparison.Ordinal) ? trigger : null;
                var status = ProcessTable.Fill(SystemdStatus.ToStatus(job.Definition.Name, main, timer, clock), _layout.PathOf("/proc"));
                if (trigger is not null)
                {
                    status = status with { TriggerActive = trigger.TryGetValue("ActiveState", out var armed) && armed is "active" or "activating" or "reloading" };
                }

                if (ActivationName(job) is { } busName)
                {
                    status = status with { TriggerActive = status.TriggerActive == true || activatable!.Contains(busName) };
                }

                statuses[index] = job.Masked ? status with { State = JobState.Disabled, NativeState = "masked" } : status;
            }
        }

        return statuses.Select(s => s!).ToList();
    }

    /// <summary>
    /// Each manager the jobs run under is listened to on a connection of its own (a thread each), its units'
    /// signals announcing each change; jobs of no running manager, of every user's session, templates, and
    /// all jobs where the bus cannot be reached are read at every interval instead.
    /// </summary>
    public IEnumerable<BackgroundJobEvent> Watch(IReadOnlyList<InstalledJob> jobs, IReadOnlyList<JobState> from, TimeSpan interval, CancellationToken cancellation)
    {
        // Listening starts here, before the first change is asked for: what happens from now on is seen.
        var watch = new JobWatch();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var listeners = new List<(SystemdBus Bus, ILookup<string, int> Jobs)>();
        var polled = new List<int>();
        try
        {
            foreach (var group in jobs.Select((job, index) => (job, index)).GroupBy(j => StatusManager(j.job.Definition)))
            {
                var manager = group.Key;
                var bus = manager is null || manager.IsGlobal || !_systemd.IsRunning(manager) ? null : _systemd.Connect(manager);
                if (bus is null)
                {
                    polled.AddRange(group.Select(j => j.index));
                    continue;
                }

                polled.AddRange(group.Where(j => IsTemplate(j.job)).Select(j => j.index));
                var byUnit = group.Where(j => !IsTemplate(j.job)).ToLookup(j => StatusUnits(j.job)[0], j => j.index, StringComparer.Ordinal);
                listeners.Add((bus, byUnit));
                bus.Listen(byUnit.Select(u => u.Key).ToList());
            }
        }
        catch
        {
            listeners.ForEach(l => l.Bus.Dispose());
            stop.Dispose();
            watch.Dispose();
            throw;
        }

        return Changes(jobs, from, interval, watch, stop, listeners, polled);
    }

    private IEnumerable<BackgroundJobEvent> Changes(IReadOnlyList<InstalledJob> jobs, IReadOnlyList<JobState> from, TimeSpan interval, JobWatch watch, CancellationTokenSource stop,
        List<(SystemdBus Bus, ILookup<string, int> Jobs)> listeners, List<int> polled)
    {
        var threads = listeners.Select(listener => new Thread(() =>
        {
            try
            {
                listener.Bus.Watch((unit, active, _) =>
                {
                    foreach (var index in listener.Jobs[unit])
                    {
                        watch.Announce(index, SystemdStatus.StateOf("loaded", active));
                    }
                }, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or Errors.PlatformException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped (Ctrl+C reaches the bus wait as a cancellation), or the manager went away (its user logged
                // out): its jobs are no longer announced. An exception left here would end the whole process.
            }
        })
        { IsBackground = true, Name = "svcmgmt watch" }).ToList();
        try
        {
            threads.ForEach(t => t.Start());
            foreach (var change in watch.Events(this, jobs, from, polled, interval, stop.Token))
            {
                yield return change;
            }
        }
        finally
        {
            stop.Cancel();
            threads.ForEach(t => t.Join());
            listeners.ForEach(l => l.Bus.Dispose());
            stop.Dispose();
            watch.Dispose();
        }
    }

    private SystemdManager? StatusManager(BackgroundJobDefinition definition) => definition switch
    {
        { Kind: JobKind.LoginItem, Scope: JobScope.User } => SystemdManager.Of(_layout.User(definition.User)),
        { Kind: JobKind.LoginItem } => null,
        _ => Manager(definition),
    };

    /// <summary>The name a bus starts the job for: as its reader found it (a bus service file names the unit), else as declared.</summary>
    private static string? ActivationName(InstalledJob job) => job.ActivationName ?? job.Definition.Activation?.Name;

    /// <summary>The names the manager's jobs' bus starts a service for; none when that bus does not run (or refuses us): then no name starts anything.</summary>
    private IReadOnlyCollection<string> ActivatableNames(SystemdManager manager) => _bus.ActivatableNames(manager) ?? Array.Empty<string>();

    /// <summary>The unit to read status from (first) and its trigger: the timer whose next run to report, the first socket or the path unit (its definition or, for an outline, its files tell which).</summary>
    private static IReadOnlyList<string> StatusUnits(InstalledJob job)
    {
        if (job.Definition.Kind == JobKind.LoginItem)
        {
            return new[] { AutostartUnit(job.Definition.Name) };
        }

        var service = job.Definition.Name + ".service";
        var files = job.Files.Select(Path.GetFileName).ToList();
        var trigger = job.Definition.Schedule is not null || files.Contains(job.Definition.Name + ".timer") ? job.Definition.Name + ".timer"
            : job.Definition.Sockets.Count > 0 ? InstallUnits(job.Definition)[0]
            : files.FirstOrDefault(f => f!.EndsWith(".socket", StringComparison.Ordinal))
                ?? (job.Definition.Watch is not null || files.Contains(job.Definition.Name + ".path") ? job.Definition.Name + ".path" : null);
        return trigger is null ? new[] { service } : new[] { service, trigger };
    }
}
