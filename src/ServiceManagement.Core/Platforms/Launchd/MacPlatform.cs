using ServiceManagement.Errors;
using ServiceManagement.IO;
using ServiceManagement.Model;
using ServiceManagement.Processes;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// macOS: every job is a launchd plist (login items are agents with RunAtLoad, no KeepAlive and
/// LimitLoadToSessionType Aqua), except a login item whose program is an application bundle
/// (<c>….app</c>), which System Events keeps. Changed jobs are booted out and bootstrapped again so that
/// launchd reads them anew.
/// </summary>
internal sealed class MacPlatform : IPlatform
{
    private readonly MacLayout _layout;
    private readonly LaunchdStore _store;
    private readonly LaunchctlSupervisor _launchctl;
    private readonly ICommandRunner _runner;
    private readonly string? _backgroundTaskDump;
    private readonly List<string> _notices = new();
    private BackgroundTasks? _backgroundTasks;

    /// <param name="backgroundTaskDump">
    /// A file holding what <c>sfltool dumpbtm</c> printed on the machine a tree comes from; this machine's database
    /// is asked of sfltool itself, and a tree has none without it (sfltool answers only for the running system).
    /// </param>
    public MacPlatform(MacLayout layout, ICommandRunner runner, string? backgroundTaskDump = null)
    {
        _layout = layout;
        _runner = runner;
        _backgroundTaskDump = backgroundTaskDump;
        _store = new LaunchdStore(layout, runner);
        _launchctl = new LaunchctlSupervisor(runner);
    }

    public IReadOnlyList<string> Notices => _notices;

    public TargetOperatingSystem OperatingSystem => TargetOperatingSystem.MacOS;

    public INativeRules Rules => LaunchdRules.Instance;

    public IDisposable KeepConnections() => NoConnections.Instance;

    public IDisposable FollowStatus() => NoConnections.Instance;

    /// <summary>In a directory only the caller can enter (see <see cref="DesiredState.ApplyLock"/>): root's under /var/run, a user's under their own temporary directory.</summary>
    public string LockPath => _layout.IsRoot ? _layout.PathOf("/var/run/servicemanagement/apply.lock") : Path.Combine(Path.GetTempPath(), "servicemanagement", "apply.lock");

    public IReadOnlyList<InstalledJob> GetJobs(JobQuery query)
    {
        var database = BackgroundTasks();
        var jobs = _store.Inventory().Select(job => Judged(job, database)).Concat(ApplicationLoginItems()).ToList();
        jobs.AddRange(RegisteredWithoutPlist(database, jobs));
        return jobs.Where(j => query.Matches(j.Definition)).Select(InstalledJob.WithSecretsApart).ToList();
    }

    /// <summary>
    /// The database, read once: from the dump given for a tree, or on this machine from <c>sfltool dumpbtm</c>
    /// (it needs root on some versions and never prompts). When this machine's cannot be read that is said once,
    /// and the jobs are shown without it; a dump file the caller gave that is not one is an error.
    /// </summary>
    private BackgroundTasks BackgroundTasks()
    {
        if (_backgroundTasks is not null)
        {
            return _backgroundTasks;
        }

        if (_backgroundTaskDump is { } file)
        {
            return _backgroundTasks = new BackgroundTasks(BackgroundTaskDump.Parse(ReadDump(file), file));
        }

        if (_layout.IsTree)
        {
            return _backgroundTasks = Launchd.BackgroundTasks.None;
        }

        var command = CommandLine.Of("sfltool", "dumpbtm");
        string why;
        try
        {
            var result = _runner.Run(command);
            if (result.Succeeded)
            {
                return _backgroundTasks = new BackgroundTasks(BackgroundTaskDump.Parse(result.StandardOutput, command.ToString()));
            }

            why = $"exited with {result.ExitCode}: {FirstLine(result.StandardError)}";
        }
        catch (Exception ex) when (ex is PlatformException or BackgroundTaskDumpException)
        {
            why = ex.Message;
        }

        _notices.Add($"Background Task Management was not read ({command}: {why}); whether Login Items lets each job run is not shown.{(_layout.IsRoot ? string.Empty : " Run as root to read it.")}");
        return _backgroundTasks = Launchd.BackgroundTasks.None;
    }

    private static string ReadDump(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                throw new InputNotFoundException(file);
            }

            return info.Length > BackgroundTaskDump.MaxLength
                ? throw new BackgroundTaskDumpException(file, 1, $"is {info.Length} bytes long; a dump of Background Task Management is far smaller.")
                : File.ReadAllText(file);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new PermissionDeniedException($"Cannot read {file}: {ex.Message}", ex);
        }
    }

    private static string FirstLine(string text) => text.Trim().Split('\n')[0];

    /// <summary>A plist job with the item that decides whether launchd runs it, and a warning when a user switched it off.</summary>
    private InstalledJob Judged(InstalledJob job, BackgroundTasks database)
    {
        if (job.Files.Count == 0 || database.Decide(_layout.MacPathOf(job.Files[0]), job.Definition.Name, job.Definition.Kind) is not { } item)
        {
            return job;
        }

        // launchd does not run what a user switched off in Login Items: the job is not enabled, whatever its plist says,
        // so desired state that wants it enabled sees the difference.
        return item.Enabled == true && item.Allowed == false
            ? job with
            {
                BackgroundTask = item,
                Enabled = false,
                Findings = job.Findings.Append(new Finding(FindingSeverity.Warning, "DisallowedInLoginItems", job.Files[0],
                    $"Switched off in System Settings → General → Login Items & Extensions (Allow in the Background{(item.Developer is { } developer ? ", under " + developer : string.Empty)}): launchd does not run it, whatever its plist and launchctl say.")).ToList(),
            }
            : job with { BackgroundTask = item };
    }

    /// <summary>
    /// Login items and applications opened at login that an application registered with the database and that
    /// have no plist (SMAppService): read-only — their application adds and removes them. One whose application
    /// is not there is orphaned.
    /// </summary>
    private IEnumerable<InstalledJob> RegisteredWithoutPlist(BackgroundTasks database, IReadOnlyList<InstalledJob> found)
    {
        var programs = found.Select(j => j.Executable).OfType<string>().ToList();
        foreach (var item in database.WithoutPlist)
        {
            var path = database.PathOf(item);
            var program = path is null ? null : _layout.PathOf(path);
            // Inventory found it already when a job runs the application or a program inside it (a login item in
            // an application's bundle, System Events' list).
            if (program is not null && programs.Any(p => p == program || p.StartsWith(program + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var system = item.UserId is null or < 0;
            var definition = new BackgroundJobDefinition(item.BundleIdentifier ?? item.Label, JobKind.LoginItem, system ? JobScope.System : JobScope.User)
            {
                User = system ? null : _layout.UserNameOf(item.UserId!.Value),
                Program = program,
                Description = item.Name,
                StartupType = item.Enabled == true && item.Allowed == true ? StartupType.Automatic : StartupType.Disabled,
                Platform = JobPlatform.Launchd,
                Origin = JobOrigin.Machine,
                SourcePath = Launchd.BackgroundTasks.Source,
            };
            var findings = new List<Finding>();
            if (program is null || !Directory.Exists(program))
            {
                findings.Add(new Finding(FindingSeverity.Warning, "Orphaned", Launchd.BackgroundTasks.Source,
                    $"Background Task Management keeps {item.Identifier} for {path ?? item.Url ?? "an application it does not name"}, which is not there: its application is gone."));
            }

            yield return new InstalledJob(definition) { BackgroundTask = item, Enabled = item.Enabled == true && item.Allowed == true, Findings = findings };
        }
    }

    private static bool IsRegisteredWithoutPlist(InstalledJob job) => job.Files.Count == 0 && job.BackgroundTask is not null;

    public IReadOnlyList<NativeFile> Render(BackgroundJobDefinition definition) =>
        IsApplication(definition) ? Array.Empty<NativeFile>() : new[] { LaunchdTranslator.Render(definition) };

    public BackgroundJobDefinition Normalize(BackgroundJobDefinition definition) =>
        IsApplication(definition)
            ? definition
            : LaunchdTranslator.Parse((RawMap)PropertyList.ReadXml(LaunchdTranslator.Render(definition).Content), definition.Name, definition.Kind, definition.Scope, definition.User) with { Managed = false, Platform = null };

    public bool IsSameJob(BackgroundJobDefinition installed, BackgroundJobDefinition declared) =>
        JobIdentity.Same(installed, declared, _layout.CurrentUserName, StringComparison.Ordinal);

    /// <summary>
    /// A job's output files (StandardOutPath, StandardErrorPath) where it has them, else its process's entries in
    /// the unified log (<c>log show</c>); an application login item logs as the application does.
    /// </summary>
    public JobSecurity GetSecurity(InstalledJob job) =>
        new((job ?? throw new ArgumentNullException(nameof(job))).Definition.Name, null, null, Array.Empty<SecurityFinding>(), "none (launchd has no exposure analyser; a job's confinement is what its plist and program set)");

    public JobLog GetLog(InstalledJob job, LogQuery query)
    {
        var definition = (job ?? throw new ArgumentNullException(nameof(job))).Definition;
        var sources = new List<string>();
        var entries = LogFiles.Read(definition, query, sources).ToList();
        if (sources.Count == 0 && definition.Program is { } program)
        {
            var command = UnifiedLog.Command(Path.GetFileName(program.TrimEnd('/')), query);
            var result = _runner.Run(command);
            entries.AddRange(UnifiedLog.Parse(result.StandardOutput, query.Tail));
            sources.Add($"the unified log ({command}){(result.Succeeded ? string.Empty : ": " + result.StandardError.Trim())}");
        }

        return new JobLog(definition.Name, entries, sources);
    }

    public IReadOnlyList<BackgroundJobStatus> GetStatus(IReadOnlyList<InstalledJob> jobs) => ProcessFigures.Fill(States(jobs), _runner);

    private IReadOnlyList<BackgroundJobStatus> States(IReadOnlyList<InstalledJob> jobs)
    {
        var disabled = new Dictionary<string, ISet<string>>(StringComparer.Ordinal);
        return jobs.Select(job =>
        {
            var reason = job.BackgroundTask is { Allowed: false } ? "disallowed in Login Items" : job.BackgroundTask is { Enabled: false } && IsRegisteredWithoutPlist(job) ? "removed by its application" : null;
            if (IsRegisteredWithoutPlist(job))
            {
                return new BackgroundJobStatus(job.Definition.Name, JobState.Unknown) { NativeState = "opened at login (Background Task Management)", Reason = reason };
            }

            if (Domain(job.Definition) is not { } domain)
            {
                return new BackgroundJobStatus(job.Definition.Name, JobState.Unknown) { NativeState = IsApplication(job.Definition) ? "opened by System Events at login" : "runs in each user's session", Reason = reason };
            }

            if (!disabled.TryGetValue(domain, out var set))
            {
                disabled[domain] = set = _launchctl.Disabled(domain);
            }

            var fields = _launchctl.Print(domain, job.Definition.Name);
            var status = LaunchctlSupervisor.ToStatus(job.Definition.Name, fields, set.Contains(job.Definition.Name)) with { Reason = reason };
            // launchd arms a loaded job's triggers (its schedule, sockets, watched paths, Mach services) unless it is disabled.
            return job.Triggered ? status with { TriggerActive = fields is not null && !set.Contains(job.Definition.Name) } : status;
        }).ToList();
    }

    /// <summary>launchd has no listing cheaper than print; a listing costs what a status does, without ps.</summary>
    public IReadOnlyList<BackgroundJobStatus> GetStates(IReadOnlyList<InstalledJob> jobs) => States(jobs);

    /// <summary>launchd announces nothing a client can subscribe to: the jobs are read at every interval.</summary>
    public IEnumerable<BackgroundJobEvent> Watch(IReadOnlyList<InstalledJob> jobs, IReadOnlyList<JobState> from, TimeSpan interval, CancellationToken cancellation)
    {
        using var watch = new JobWatch();
        foreach (var change in watch.Events(this, jobs, from, Enumerable.Range(0, jobs.Count).ToList(), interval, cancellation))
        {
            yield return change;
        }
    }

    public StagedChange Stage(IReadOnlyList<BackgroundJobDefinition> writes, IReadOnlyList<InstalledJob> removals, WriteOptions options)
    {
        var findings = this.Validated(writes, options);

        var installed = writes.Count == 0 ? Array.Empty<InstalledJob>() : options.Installed ?? GetJobs(JobQuery.All);
        var jobs = new List<StagedJob>();
        foreach (var definition in writes)
        {
            var existing = installed.FirstOrDefault(j => IsSameJob(j.Definition, definition));
            var wantsEnabled = definition.StartupType != StartupType.Disabled;
            var staged = this.StageWrite(definition, existing, wantsEnabled, options.Force,
                complete => IsApplication(complete) ? Array.Empty<FileChange>() : _store.Changes(complete, existing)) with { Findings = findings[jobs.Count] };
            if (wantsEnabled && existing?.BackgroundTask is { Allowed: false } item)
            {
                staged = staged with
                {
                    Findings = staged.Findings.Append(new Finding(FindingSeverity.Warning, "DisallowedInLoginItems", "startupType",
                        $"{definition.Name} is switched off in Login Items{(item.Developer is { } developer ? " (under " + developer + ")" : string.Empty)}; writing and enabling it does not turn that back on. The user does, in System Settings → General → Login Items & Extensions, or an MDM Managed Login Items payload (com.apple.servicemanagement) with a rule for its label.")).ToList(),
                };
            }

            jobs.Add(staged);
        }

        foreach (var job in removals)
        {
            if (IsRegisteredWithoutPlist(job))
            {
                throw new PlatformException($"{job.Definition.Name} was registered by its application with Background Task Management and has no file to remove; the application removes it, or a user in System Settings → General → Login Items & Extensions.");
            }

            job.RequireManaged(options.Force);
            jobs.Add(new StagedJob(null, job, IsApplication(job.Definition) ? Array.Empty<FileChange>() : _store.PlanDeletion(job)));
        }

        return new StagedChange(jobs, options);
    }

    public StagedChange StageRevert(IReadOnlyList<InstalledJob> jobs) =>
        throw new PlatformException("launchd jobs ServiceManagement did not create are changed in place (with force); there is no drop-in to revert.");

    public ChangeResult Commit(StagedChange change)
    {
        if (change is null)
        {
            throw new ArgumentNullException(nameof(change));
        }

        var notes = new List<string>();
        foreach (var job in change.Jobs.Where(j => j.Desired is null))
        {
            if (IsApplication(job.Existing!.Definition))
            {
                SystemEvents($"delete login item \"{Quote(Path.GetFileNameWithoutExtension(job.Existing.Definition.Program!))}\"");
            }
            else if (Domain(job.Existing.Definition) is { } domain)
            {
                _launchctl.Bootout(domain, job.Existing.Definition.Name);
            }
        }

        var changed = FileChanges.Write(change.Files);
        foreach (var job in change.Jobs.Where(j => j.Desired is not null && j.Changes))
        {
            var definition = job.Desired!;
            if (IsApplication(definition))
            {
                SystemEvents($"make login item at end with properties {{path:\"{Quote(definition.Program!)}\", hidden:false}}");
                notes.Add($"{definition.Name} opens at {(definition.User ?? _layout.CurrentUserName)}'s next login.");
                continue;
            }

            if (Domain(definition) is not { } domain)
            {
                notes.Add($"{definition.Name} loads in each user's session at their next login.");
                continue;
            }

            if (definition.Scope == JobScope.User && domain.StartsWith("user/", StringComparison.Ordinal))
            {
                notes.Add($"{definition.User ?? _layout.CurrentUserName} has no GUI session; {definition.Name} was loaded in their background domain ({domain}) and starts in their session at the next login.");
            }

            var path = job.Files.Count > 0 ? job.Files[0].Path : job.Existing!.Files[0];
            if (job.Existing is not null)
            {
                _launchctl.Bootout(domain, definition.Name);
            }

            if (definition.StartupType == StartupType.Disabled)
            {
                _launchctl.Run("disable", domain + "/" + definition.Name);
                continue;
            }

            // launchd runs what is loaded in a domain: stopped is unloaded (booted out above, not bootstrapped).
            _launchctl.Run("enable", domain + "/" + definition.Name);
            var run = job.RunChangeFor(change.Options);
            if (run == RunChange.Stop)
            {
                continue;
            }

            // Loaded is armed for a job started on demand (a schedule, sockets, watched paths, a Mach service): it runs when asked.
            _launchctl.Bootstrap(domain, path);
            if (run is RunChange.Start or RunChange.Restart && !RunStates.IsTriggered(definition))
            {
                _launchctl.Run("kickstart", domain + "/" + definition.Name);
            }
        }

        return new ChangeResult(changed) { Notes = notes };
    }

    public void Restore(StagedChange change)
    {
        if (change is null)
        {
            throw new ArgumentNullException(nameof(change));
        }

        FileChanges.Restore(change.Files);
        foreach (var job in change.Jobs)
        {
            var definition = job.Existing?.Definition ?? job.Desired!;
            if (Domain(definition) is not { } domain || IsApplication(definition))
            {
                continue;
            }

            _launchctl.Bootout(domain, definition.Name);
            if (job.Existing is { } existing && existing.Definition.StartupType != StartupType.Disabled && existing.Files.FirstOrDefault() is { } path && File.Exists(path))
            {
                _launchctl.Bootstrap(domain, path);
            }
        }
    }

    public void Control(IReadOnlyList<InstalledJob> jobs, JobAction action)
    {
        foreach (var job in jobs)
        {
            var definition = job.Definition;
            var domain = Domain(definition) ?? throw new PlatformException($"{definition.Name} runs in each user's session or is opened at login; it is not {action.ToString().ToLowerInvariant()}ed on request.");
            var target = domain + "/" + definition.Name;
            switch (action)
            {
                case JobAction.Start:
                    _launchctl.Bootstrap(domain, job.Files[0]);
                    _launchctl.Run("kickstart", target);
                    break;
                case JobAction.Restart:
                    _launchctl.Run("kickstart", "-k", target);
                    break;
                case JobAction.Stop:
                    // Killing a KeepAlive job only makes launchd start it again; booting it out stops it.
                    _launchctl.Bootout(domain, definition.Name);
                    break;
                case JobAction.Enable:
                    _launchctl.Run("enable", target);
                    _launchctl.Bootstrap(domain, job.Files[0]);
                    break;
                case JobAction.Disable:
                    _launchctl.Run("disable", target);
                    _launchctl.Bootout(domain, definition.Name);
                    break;
            }
        }
    }

    /// <summary>The launchd domain a job runs in now; null for every user's agents and for application login items.</summary>
    private string? Domain(BackgroundJobDefinition definition) => IsApplication(definition) ? null : definition.Realm() switch
    {
        JobRealm.Machine => "system",
        JobRealm.EveryUser => null,
        _ => _launchctl.UserDomain(_layout.User(definition.User)).Domain,
    };

    /// <summary>Login items System Events opens: the .app bundles in its list.</summary>
    private IEnumerable<InstalledJob> ApplicationLoginItems()
    {
        if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX))
        {
            yield break;
        }

        var result = _runner.Run(CommandLine.Of("osascript", "-e", "tell application \"System Events\" to get the path of every login item"));
        foreach (var path in result.StandardOutput.Split(new[] { ", " }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            yield return new InstalledJob(new BackgroundJobDefinition(name, JobKind.LoginItem, JobScope.User) { User = _layout.CurrentUserName, Program = path, Platform = JobPlatform.Launchd, Origin = JobOrigin.Machine, SourcePath = "System Events login items" }) { Enabled = true };
        }
    }

    private void SystemEvents(string statement)
    {
        var command = CommandLine.Of("osascript", "-e", $"tell application \"System Events\" to {statement}");
        var result = _runner.Run(command);
        if (!result.Succeeded)
        {
            throw new PlatformException($"{command} exited with {result.ExitCode}: {result.StandardError.Trim()}");
        }
    }

    private static string Quote(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    private static bool IsApplication(BackgroundJobDefinition definition) =>
        definition.Kind == JobKind.LoginItem && definition.Program is { } program && program.TrimEnd('/').EndsWith(".app", StringComparison.Ordinal);

}
