using ServiceManagement.IO;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Systemd;

namespace ServiceManagement.Platforms.Linux;

/// <summary>Making a staged change: links first, files, one reload per manager, then starts and stops.</summary>
internal sealed partial class LinuxPlatform
{
    /// <summary>
    /// Stops and unlinks what goes (and what a changed trigger retires) while its files exist, writes every
    /// file, makes each manager's [Install] links, reloads each manager once — only where a file or a link
    /// changed — and then starts, stops and restarts what the run-state rule says (<see cref="StagedJob.RunChangeFor"/>),
    /// over one connection per manager.
    /// </summary>
    public ChangeResult Commit(StagedChange change)
    {
        if (change is null)
        {
            throw new ArgumentNullException(nameof(change));
        }

        using var connections = _systemd.KeepConnections();
        var notes = new List<string>();
        var options = change.Options;
        var reload = new HashSet<SystemdManager>();

        // What goes is stopped and unlinked while its unit files still exist (an agent of every user in each
        // user manager that runs it); a job whose trigger changes (a daemon becoming scheduled, a timer becoming
        // a daemon) retires the units that started it the old way: no link left dangling, no process of the old form.
        var leaving = change.Jobs.Where(j => j.Desired is null && j.Existing!.Definition.Kind != JobKind.LoginItem)
            .Select(j => (Manager: Manager(j.Existing!.Definition), Units: InstallUnits(j.Existing!.Definition).Append(j.Existing!.Definition.Name + ".service")))
            .Concat(change.Jobs.Where(j => j.Desired is { Kind: not JobKind.LoginItem } && j.Existing is not null && j.FilesChange)
                .Select(j => (Manager: Manager(j.Desired!), Units: InstallUnits(j.Existing!.Definition).Except(InstallUnits(j.Desired!), StringComparer.Ordinal))));
        foreach (var group in leaving.GroupBy(l => l.Manager, l => l.Units))
        {
            var manager = group.Key;
            var units = group.SelectMany(u => u).Distinct(StringComparer.Ordinal).ToList();
            if (units.Count == 0)
            {
                continue;
            }

            if (manager.IsGlobal)
            {
                notes.AddRange(StopInUserManagers(units));
            }

            if (manager.IsGlobal || _systemd.IsRunning(manager))
            {
                _systemd.Apply(manager, JobAction.Disable, units, now: !manager.IsGlobal, reload: false);
                reload.Add(manager);
            }
            else
            {
                _systemd.ApplyOffline(manager, JobAction.Disable, units);
            }
        }

        var changed = FileChanges.Write(change.Files);
        reload.UnionWith(change.Jobs.Where(j => j.Desired is null && j.Existing!.Definition.Kind != JobKind.LoginItem && j.FilesChange).Select(j => Manager(j.Existing!.Definition)));
        foreach (var job in change.Jobs.Where(j => j.Desired is { Kind: JobKind.LoginItem } && j.Changes))
        {
            notes.Add($"{job.Desired!.Name} starts at {(job.Desired.Scope == JobScope.User ? _layout.User(job.Desired.User).Name + "'s" : "each user's")} next login.");
        }

        var running = new List<(SystemdManager Manager, ILookup<RunChange, StagedJob> Runs)>();
        foreach (var group in change.Jobs.Where(j => j.Desired is { Kind: not JobKind.LoginItem } && j.Changes).GroupBy(j => Manager(j.Desired!)))
        {
            var manager = group.Key;
            var enable = group.Where(j => (j.Desired!.StartupType ?? StartupType.Automatic) == StartupType.Automatic).SelectMany(j => InstallUnits(j.Desired!)).ToList();
            var disable = group.Where(j => j.Desired!.StartupType is StartupType.Manual or StartupType.Disabled).SelectMany(j => InstallUnits(j.Desired!)).ToList();
            if (!manager.IsGlobal && !_systemd.IsRunning(manager))
            {
                // A manager that does not run (a machine image, a user who is not logged in) gets its links
                // offline: its files and enablement are the state, and its jobs start when it runs. Only a write
                // asked to start (or to linger) needs it running now.
                if (!options.Start && !(options.Linger && manager.User is not null))
                {
                    _systemd.ApplyOffline(manager, JobAction.Enable, enable);
                    _systemd.ApplyOffline(manager, JobAction.Disable, disable);
                    notes.Add(manager.User is { } user
                        ? $"The user manager of {user.Name} is not running; the agents were enabled and start at the next login (or once lingering is enabled)."
                        : "systemd is not running; the units were written and enabled offline, and start when it runs.");
                    continue;
                }

                _systemd.RequireRunning(manager, options.Linger);
            }

            var linkedHere = LinkHere(manager, enable, out var leftToManager);
            _systemd.Apply(manager, JobAction.Enable, leftToManager, reload: false);
            _systemd.Apply(manager, JobAction.Disable, disable, reload: false);
            if (linkedHere || group.Any(j => j.FilesChange || j.Unapplied || j.EnablementDiffers))
            {
                reload.Add(manager);
            }

            if (!manager.IsGlobal)
            {
                running.Add((manager, group.ToLookup(j => j.RunChangeFor(options))));
            }
        }

        foreach (var manager in reload)
        {
            _systemd.Reload(manager);
        }

        foreach (var group in change.Jobs.Where(j => j.FilesChange && (j.Desired?.Activation ?? j.Existing?.Definition.Activation) is not null).GroupBy(j => Manager(j.Desired ?? j.Existing!.Definition)))
        {
            notes.AddRange(ReloadBus(group.Key, group.Select(j => (j.Desired ?? j.Existing!.Definition).Name)));
        }

        foreach (var (manager, runs) in running)
        {
            _systemd.Apply(manager, JobAction.Stop, runs[RunChange.Stop].SelectMany(j => InstallUnits(j.Desired!).Append(j.Desired!.Name + ".service")).Distinct(StringComparer.Ordinal).ToList());
            _systemd.Apply(manager, JobAction.Start, runs[RunChange.Start].SelectMany(j => InstallUnits(j.Desired!)).ToList());
            _systemd.Apply(manager, JobAction.Restart, runs[RunChange.Restart].SelectMany(j => InstallUnits(j.Desired!)).ToList());
        }

        return new ChangeResult(changed) { Notes = notes };
    }

    /// <summary>
    /// Makes the [Install] links of units in the system manager's configuration directory as <c>systemctl enable</c>
    /// makes them — <c>/etc/systemd/system/TARGET.wants/UNIT</c> → <c>/etc/systemd/system/UNIT</c> — where the unit's
    /// [Install] holds nothing but WantedBy= and RequiredBy= and no other file stands where a link goes. Measured on
    /// systemd 252, EnableUnitFiles costs the manager about a millisecond a unit (it discovers each unit again over
    /// its search path): 200 new units took 200 ms of a 780 ms apply, which the links take here in a few. Whatever
    /// is not that plain — an alias, Also=, a template, a user's or every user's units, a tree under another root,
    /// a link that is not ours — is left to the manager (<paramref name="leftToManager"/>). Returns whether a link was made.
    /// </summary>
    private bool LinkHere(SystemdManager manager, IReadOnlyList<string> units, out IReadOnlyList<string> leftToManager)
    {
        if (manager != SystemdManager.System || _layout.PathOf("/") != "/")
        {
            leftToManager = units;
            return false;
        }

        var directory = _units.WriteDirectory(manager);

        var left = new List<string>();
        var links = new List<(string Link, string Target)>();
        foreach (var unit in units)
        {
            var path = Path.Combine(directory, unit);
            var wanted = unit.Contains('@') || !File.Exists(path) ? null : PlainInstallDirectories(File.ReadAllText(path), path);
            var own = wanted?.Select(d => Path.Combine(directory, d, unit)).Select(link => (Link: link, Target: path, Occupant: Occupant(link))).ToList();
            if (own is null || own.Any(l => l.Occupant is not null && l.Occupant != l.Target))
            {
                left.Add(unit);
                continue;
            }

            links.AddRange(own.Where(l => l.Occupant is null).Select(l => (l.Link, l.Target)));
        }

        foreach (var (link, target) in links)
        {
            CrashPoints.Step("link " + link);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            Posix.CreateSymbolicLink(link, target);
        }

        leftToManager = left;
        return links.Count > 0;
    }

    /// <summary>The .wants and .requires directories a unit's [Install] links it into; null when it says more than WantedBy= and RequiredBy=.</summary>
    private static IReadOnlyList<string>? PlainInstallDirectories(string text, string path)
    {
        var install = UnitFile.Parse(text, path).Sections.Where(s => s.Name == "Install").SelectMany(s => s.Entries).ToList();
        if (install.Any(e => e.Key is not ("WantedBy" or "RequiredBy")))
        {
            return null;
        }

        return install.SelectMany(e => e.Value.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(target => target + (e.Key == "WantedBy" ? ".wants" : ".requires")))
            .Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>What stands at a link's place: the target of a link there, a file's own path, or null when nothing does.</summary>
    private static string? Occupant(string link) =>
        Posix.ReadLink(link) ?? (File.Exists(link) || Directory.Exists(link) ? link : null);

    /// <summary>
    /// Has the bus of the jobs' manager read its files again, so that their names start them now (or no longer do);
    /// says so when no bus runs there to tell: it reads them when it starts.
    /// </summary>
    private IReadOnlyList<string> ReloadBus(SystemdManager manager, IEnumerable<string> jobs)
    {
        if (_bus.Reload(manager))
        {
            return Array.Empty<string>();
        }

        var names = string.Join(", ", jobs);
        return new[]
        {
            manager.IsGlobal
                ? $"Each user's bus reads the files of {names} when it starts."
                : $"{(manager.User is { } user ? user.Name + "'s bus" : "The system bus")} is not running or could not be told: {names} start on demand once it reads its files again.",
        };
    }

    /// <summary>Stops units of every user in each user manager that runs them; says how many it stopped, and where.</summary>
    private IReadOnlyList<string> StopInUserManagers(IReadOnlyList<string> units)
    {
        var stopped = new List<string>();
        foreach (var user in _layout.Users.Where(u => u.Id != 0 && _systemd.IsRunning(SystemdManager.Of(u))))
        {
            var manager = SystemdManager.Of(user);
            var loaded = _systemd.ListUnits(manager);
            var active = units.Where(u => loaded.TryGetValue(u, out var p) && p.TryGetValue("ActiveState", out var state) && state is not ("inactive" or "failed")).ToList();
            if (active.Count > 0)
            {
                _systemd.Apply(manager, JobAction.Stop, active);
                stopped.Add(user.Name);
            }
        }

        return stopped.Count == 0 ? Array.Empty<string>() : new[] { $"Stopped {SystemdSupervisor.Describe(units)} in {stopped.Count} user manager(s): {string.Join(", ", stopped)}." };
    }
}
