using System.Text;
using System.Xml.Linq;
using Microsoft.Win32;
using ServiceManagement.Errors;
using ServiceManagement.IO;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Windows.Native;
using ServiceManagement.Processes;
using ServiceManagement.Text;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Windows: daemons as services (the SCM through advapi32), agents and scheduled daemons as tasks in
/// <c>\ServiceManagement\</c> (schtasks with task XML), login items as Run values with StartupApproved.
/// A change is staged as "files" whose paths name the native object — <c>scm:\NAME</c> (the service
/// configuration's JSON form), <c>task:\ServiceManagement\NAME</c> (task XML), the Run value's registry path
/// (its .reg form) — so that what-if shows a diff, and restoring puts back exactly what was there.
/// Inventory also reads every service, tasks with a logon or boot trigger, RunOnce, the WOW6432Node
/// views, and the user and common Startup folders' shortcuts (read-only).
/// </summary>
public sealed class WindowsPlatform : IPlatform
{
    private const string ServicePrefix = "scm:\\";
    private const string TaskPrefix = "task:";
    private const string MarkerKey = "Software\\ServiceManagement\\Run";
    private static readonly TimeSpan ServiceTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] RunKeys =
    {
        "Software\\Microsoft\\Windows\\CurrentVersion\\Run",
        "Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
        "Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run",
        "Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
    };

    private readonly ICommandRunner _runner;

    public WindowsPlatform(ICommandRunner runner) => _runner = runner ?? throw new ArgumentNullException(nameof(runner));

    public TargetOperatingSystem OperatingSystem => TargetOperatingSystem.Windows;

    public string LockPath => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "ServiceManagement", "apply.lock");

    public IReadOnlyList<InstalledJob> GetJobs(JobQuery query)
    {
        var jobs = new List<InstalledJob>();
        jobs.AddRange(Services(query));
        jobs.AddRange(Tasks().Where(t => query.Matches(t.Definition)));
        jobs.AddRange(RunValues().Where(r => query.Matches(r.Definition)));
        jobs.AddRange(StartupShortcuts().Where(s => query.Matches(s.Definition)));
        return jobs.Select(InstalledJob.WithSecretsApart).ToList();
    }

    /// <summary>ERROR_SERVICE_NEVER_STARTED: the exit code of a service nobody started since boot, which is no failure.</summary>
    private const int NeverStarted = 1077;

    public IReadOnlyList<BackgroundJobStatus> GetStatus(IReadOnlyList<InstalledJob> jobs)
    {
        using var scm = jobs.Any(j => j.Definition.Platform == JobPlatform.WindowsService) ? ServiceControlManager.Open(write: false) : null;
        var tasks = jobs.Any(j => j.Definition.Platform == JobPlatform.WindowsTask) ? ScheduledTaskStatus.Parse(_runner.Run(ScheduledTaskStatus.Command).StandardOutput) : null;
        return jobs.Select(job =>
        {
            if (job.Definition.Platform == JobPlatform.WindowsTask)
            {
                return tasks!.TryGetValue(job.Definition.SourcePath ?? TaskTranslator.Path(job.Definition), out var task)
                    ? task with { Name = job.Definition.Name }
                    : new BackgroundJobStatus(job.Definition.Name, JobState.NotLoaded) { NativeState = "not registered" };
            }

            if (job.Definition.Platform != JobPlatform.WindowsService)
            {
                return new BackgroundJobStatus(job.Definition.Name, JobState.Unknown) { NativeState = "runs at logon" };
            }

            var runtime = scm!.Status(job.Definition.Name);
            var state = runtime?.State switch
            {
                null => JobState.NotLoaded,
                ServiceRunState.Running => JobState.Running,
                ServiceRunState.StartPending or ServiceRunState.ContinuePending => JobState.Starting,
                ServiceRunState.StopPending or ServiceRunState.PausePending => JobState.Stopping,
                ServiceRunState.Stopped when job.Definition.StartupType == StartupType.Disabled => JobState.Disabled,
                ServiceRunState.Stopped when runtime.ExitCode is not (0 or NeverStarted) => JobState.Failed,
                _ => JobState.Stopped,
            };
            var exitCode = runtime?.ExitCode is NeverStarted ? null : runtime?.ExitCode;
            var status = new BackgroundJobStatus(job.Definition.Name, state)
            {
                ProcessId = runtime?.ProcessId,
                LastExitCode = exitCode,
                ExitReason = runtime?.ExitCode switch { null => null, NeverStarted => "never started since boot", 0 => "exited with 0 (success)", { } code => $"exited with {code}" },
                NativeState = runtime?.ExitCode is NeverStarted ? "Stopped (never started since boot)" : runtime?.State.ToString(),
            };
            return runtime is null ? status : ServiceProcess.Fill(status, runtime.Shared);
        }).ToList();
    }

    public IReadOnlyList<BackgroundJobStatus> GetStates(IReadOnlyList<InstalledJob> jobs) => GetStatus(jobs);

    /// <summary>
    /// A service's entries from the Service Control Manager in the System event log (started, stopped,
    /// terminated, failed to start: events 7000–7045); Task Scheduler and Run values keep no log of their own.
    /// </summary>
    public JobSecurity GetSecurity(InstalledJob job) =>
        new((job ?? throw new ArgumentNullException(nameof(job))).Definition.Name, null, null, Array.Empty<SecurityFinding>(), "none (Windows has no exposure analyser for services; see the service's account, SID type and required privileges)");

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
        var (path, content) = Native(definition);
        return new[] { new NativeFile(path, content) };
    }

    public BackgroundJobDefinition Normalize(BackgroundJobDefinition definition) => (PlatformTargets.For(TargetOperatingSystem.Windows, definition) switch
    {
        JobPlatform.WindowsService => ServiceTranslator.Parse(ServiceTranslator.Render(definition)),
        JobPlatform.WindowsTask => TaskTranslator.Parse(TaskTranslator.Render(definition), definition.Name),
        _ => RunKeyTranslator.Parse(RunKeyTranslator.Render(definition), managed: false),
    }) with { Managed = false, Platform = null, SourcePath = null, User = definition.User };

    public bool IsSameJob(BackgroundJobDefinition installed, BackgroundJobDefinition declared) =>
        JobIdentity.Same(installed, declared, Environment.UserName, StringComparison.OrdinalIgnoreCase);

    public StagedChange Stage(IReadOnlyList<BackgroundJobDefinition> writes, IReadOnlyList<InstalledJob> removals, WriteOptions options)
    {
        var findings = writes.SelectMany(d => DefinitionValidator.Validate(d, TargetOperatingSystem.Windows)).Where(f => f.Severity == FindingSeverity.Error).ToList();
        if (findings.Count > 0)
        {
            throw new InvalidDefinitionException(findings);
        }

        var jobs = new List<StagedJob>();
        foreach (var declared in writes)
        {
            var path = Native(declared).Path;
            var before = Current(path);
            var existing = before is null ? null : Existing(declared, path, before) is { } found ? InstalledJob.WithSecretsApart(found) : null;
            var definition = declared.WithKeptSecrets(existing);
            var after = Native(definition).Content;
            if (existing is { Definition.Managed: false } && path.StartsWith(ServicePrefix, StringComparison.Ordinal))
            {
                // A service we did not create is changed in place and stays its vendor's: no marker.
                after = (ServiceTranslator.Render(definition) with { Managed = false }).ToJson();
            }

            var files = this.FilesToWrite(definition, existing, options.Force, () =>
            {
                RequirePassword(definition, existing, options);
                return new[] { new FileChange(path, before, after) };
            });
            jobs.Add(new StagedJob(definition, existing, files));
        }

        foreach (var job in removals)
        {
            job.RequireManaged(options.Force);
            if (job.Definition.SourcePath is { } source && source.EndsWith(".lnk", StringComparison.OrdinalIgnoreCase))
            {
                throw new PlatformException($"{job.Definition.Name} is a Startup-folder shortcut ({source}); ServiceManagement reads shortcuts but does not remove them.");
            }

            var path = PathOf(job.Definition);
            jobs.Add(new StagedJob(null, job, new[] { new FileChange(path, Current(path), null) }));
        }

        return new StagedChange(jobs, options);
    }

    /// <summary>A service that signs in as a user account needs its password when it is created or its account changes.</summary>
    private static void RequirePassword(BackgroundJobDefinition definition, InstalledJob? existing, WriteOptions options)
    {
        if (PlatformTargets.For(TargetOperatingSystem.Windows, definition) != JobPlatform.WindowsService || options.AccountPassword is not null)
        {
            return;
        }

        var account = ServiceTranslator.Account(definition.RunAs?.Account ?? definition.RunAs?.User);
        var unchanged = existing is not null && ServiceTranslator.Account(existing.Definition.RunAs?.Account) == account;
        if (!ServiceTranslator.NeedsNoPassword(account) && !unchanged)
        {
            throw new InvalidDefinitionException(new[]
            {
                new Finding(FindingSeverity.Error, "PasswordMissing", "runAs.account", $"{definition.Name} signs in as {account}, which needs its password (New-Daemon -Credential); built-in accounts, NT SERVICE\\{definition.Name} and gMSAs (DOMAIN\\name$) need none."),
            });
        }
    }

    public StagedChange StageRevert(IReadOnlyList<InstalledJob> jobs) =>
        throw new PlatformException("Windows services and tasks ServiceManagement did not create are changed in place (with force); there is no drop-in to revert.");

    public ChangeResult Commit(StagedChange change)
    {
        var changed = new List<string>();
        var notes = new List<string>();
        foreach (var job in (change ?? throw new ArgumentNullException(nameof(change))).Jobs.Where(j => j.Desired is null))
        {
            Stop(job.Existing!.Definition);
            Apply(job.Files[0].Path, null, null);
            changed.Add(job.Files[0].Path);
        }

        foreach (var job in change.Jobs.Where(j => j.Desired is not null && j.Changes))
        {
            var file = job.Files[0];
            Apply(file.Path, file.After, change.Options.AccountPassword);
            changed.Add(file.Path);
            if (change.Options.Start || change.Options.StartWhereRunning)
            {
                if (job.Desired!.Kind == JobKind.LoginItem)
                {
                    notes.Add($"{job.Desired.Name} starts at the next logon.");
                }
                else if (job.Desired.StartupType != StartupType.Disabled)
                {
                    if (job.Existing is not null)
                    {
                        Stop(job.Desired);
                    }

                    Start(job.Desired);
                }
            }
        }

        return new ChangeResult(changed) { Notes = notes };
    }

    public void Restore(StagedChange change)
    {
        foreach (var file in (change ?? throw new ArgumentNullException(nameof(change))).Files.Where(f => f.IsChange))
        {
            Apply(file.Path, file.Before, null);
        }
    }

    public void Control(IReadOnlyList<InstalledJob> jobs, JobAction action)
    {
        foreach (var job in jobs ?? throw new ArgumentNullException(nameof(jobs)))
        {
            var d = job.Definition;
            switch (action)
            {
                case JobAction.Start:
                    Start(d);
                    break;
                case JobAction.Stop:
                    Stop(d);
                    break;
                case JobAction.Restart:
                    Stop(d);
                    Start(d);
                    break;
                default:
                    SetEnabled(job, action == JobAction.Enable);
                    break;
            }
        }
    }

    private (string Path, string Content) Native(BackgroundJobDefinition d) => PlatformTargets.For(TargetOperatingSystem.Windows, d) switch
    {
        JobPlatform.WindowsService => (ServicePrefix + d.Name, ServiceTranslator.Render(d).ToJson()),
        JobPlatform.WindowsTask => (TaskPrefix + TaskTranslator.Path(d), TaskTranslator.Render(d)),
        _ => (RunPath(RunKeyTranslator.Render(d)), RunKeyTranslator.WriteRegFile(new[] { RunKeyTranslator.Render(d) })),
    };

    private static string RunPath(RunValue value) => value.Key + "\\" + value.Name;

    private string PathOf(BackgroundJobDefinition d) => d.Platform switch
    {
        JobPlatform.WindowsService => ServicePrefix + d.Name,
        JobPlatform.WindowsTask => TaskPrefix + (d.SourcePath ?? TaskTranslator.Path(d)),
        _ => d.SourcePath ?? Native(d).Path,
    };

    /// <summary>The installed job a write replaces, read from the native text <see cref="Current"/> just fetched.</summary>
    private InstalledJob? Existing(BackgroundJobDefinition d, string path, string current) =>
        path.StartsWith(ServicePrefix, StringComparison.Ordinal) ? ServiceJob(ServiceConfiguration.FromJson(current, path).Single())
        : path.StartsWith(TaskPrefix, StringComparison.Ordinal) ? TasksFrom(current, path.Substring(TaskPrefix.Length)).FirstOrDefault()
        : RunValues().FirstOrDefault(r => IsSameJob(r.Definition, d));

    /// <summary>The native object's current text, in the same form a change writes; null when it does not exist.</summary>
    private string? Current(string path)
    {
        if (path.StartsWith(ServicePrefix, StringComparison.Ordinal))
        {
            using var scm = ServiceControlManager.Open(write: false);
            return scm.Query(path.Substring(ServicePrefix.Length))?.ToJson();
        }

        if (path.StartsWith(TaskPrefix, StringComparison.Ordinal))
        {
            var result = _runner.Run(CommandLine.Of("schtasks", "/query", "/xml", "/tn", path.Substring(TaskPrefix.Length)));
            return result.Succeeded && result.StandardOutput.Trim().Length > 0 ? result.StandardOutput : null;
        }

        var (key, name) = SplitValuePath(path);
        using var run = Open(key, write: false);
        return run?.GetValue(name) is string command
            ? RunKeyTranslator.WriteRegFile(new[] { new RunValue(key, name, command, StartupApproved.IsEnabled(ApprovalOf(key, name))) })
            : null;
    }

    /// <summary>
    /// Makes the native object match <paramref name="content"/> (the text a change holds), or deletes it when
    /// null. A service's password is given only when it is being set; otherwise the SCM keeps the one it has.
    /// </summary>
    private void Apply(string path, string? content, System.Security.SecureString? password)
    {
        if (path.StartsWith(ServicePrefix, StringComparison.Ordinal))
        {
            var name = path.Substring(ServicePrefix.Length);
            using var scm = ServiceControlManager.Open(write: true);
            if (content is null)
            {
                scm.Delete(name, ServiceTimeout);
            }
            else if (scm.Query(name) is null)
            {
                scm.Create(ServiceConfiguration.FromJson(content, path).Single(), password);
            }
            else
            {
                scm.Configure(ServiceConfiguration.FromJson(content, path).Single(), password);
            }

            return;
        }

        if (path.StartsWith(TaskPrefix, StringComparison.Ordinal))
        {
            var task = path.Substring(TaskPrefix.Length);
            if (content is null)
            {
                Require(CommandLine.Of("schtasks", "/delete", "/tn", task, "/f"));
                return;
            }

            var file = Path.Combine(Path.GetTempPath(), "servicemanagement-" + Guid.NewGuid().ToString("N") + ".xml");
            File.WriteAllText(file, content, Encoding.Unicode);
            try
            {
                Require(CommandLine.Of("schtasks", "/create", "/xml", file, "/tn", task, "/f"));
            }
            finally
            {
                File.Delete(file);
            }

            return;
        }

        var (key, valueName) = SplitValuePath(path);
        var marker = key.Substring(0, key.IndexOf('\\')) + "\\" + MarkerKey;
        if (content is null)
        {
            using var run = Open(key, write: true);
            run?.DeleteValue(valueName, throwOnMissingValue: false);
            using var approval = Open(RunKeyTranslator.ApprovalKeyOf(key), write: true);
            approval?.DeleteValue(valueName, throwOnMissingValue: false);
            using var ours = Open(marker, write: true);
            ours?.DeleteValue(valueName, throwOnMissingValue: false);
            return;
        }

        var value = RunKeyTranslator.ReadRegFile(content, path).Single();
        using (var run = Create(key))
        {
            run.SetValue(valueName, value.CommandLine, RegistryValueKind.String);
        }

        using (var approval = Create(value.ApprovalKey))
        {
            approval.SetValue(valueName, StartupApproved.Encode(value.Enabled), RegistryValueKind.Binary);
        }

        using var managed = Create(marker);
        managed.SetValue(valueName, "managed", RegistryValueKind.String);
    }

    private void Start(BackgroundJobDefinition d)
    {
        switch (d.Platform ?? PlatformTargets.For(TargetOperatingSystem.Windows, d))
        {
            case JobPlatform.WindowsService:
                using (var scm = ServiceControlManager.Open(write: true))
                {
                    scm.Start(d.Name, Array.Empty<string>(), ServiceTimeout);
                }

                break;
            case JobPlatform.WindowsTask:
                Require(CommandLine.Of("schtasks", "/run", "/tn", d.SourcePath ?? TaskTranslator.Path(d)));
                break;
            default:
                System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(d.Program!, WindowsCommandLine.JoinArguments(d.Arguments)) { UseShellExecute = false })?.Dispose();
                break;
        }
    }

    private void Stop(BackgroundJobDefinition d)
    {
        switch (d.Platform ?? PlatformTargets.For(TargetOperatingSystem.Windows, d))
        {
            case JobPlatform.WindowsService:
                using (var scm = ServiceControlManager.Open(write: true))
                {
                    scm.Stop(d.Name, ServiceTimeout);
                }

                break;
            case JobPlatform.WindowsTask:
                _runner.Run(CommandLine.Of("schtasks", "/end", "/tn", d.SourcePath ?? TaskTranslator.Path(d)));
                break;
            default:
                break;
        }
    }

    private void SetEnabled(InstalledJob job, bool enabled)
    {
        var d = job.Definition;
        switch (d.Platform)
        {
            case JobPlatform.WindowsService:
                using (var scm = ServiceControlManager.Open(write: true))
                {
                    var service = scm.Query(d.Name) ?? throw new JobNotFoundException(d.Name);
                    scm.Configure(service with { StartType = enabled ? ServiceStartType.Automatic : ServiceStartType.Disabled }, password: null);
                }

                break;
            case JobPlatform.WindowsTask:
                Require(CommandLine.Of("schtasks", "/change", "/tn", d.SourcePath ?? TaskTranslator.Path(d), enabled ? "/enable" : "/disable"));
                break;
            default:
                var (key, name) = SplitValuePath(d.SourcePath ?? Native(d).Path);
                using (var approval = Create(RunKeyTranslator.ApprovalKeyOf(key)))
                {
                    approval.SetValue(name, StartupApproved.Encode(enabled), RegistryValueKind.Binary);
                }

                break;
        }
    }

    private IEnumerable<InstalledJob> Services(JobQuery query)
    {
        using var scm = ServiceControlManager.Open(write: false);
        foreach (var name in scm.Enumerate().Where(n => query.NameMatcher.IsMatch(n)))
        {
            if (scm.Query(name) is { } service && ServiceJob(service) is var job && query.Matches(job.Definition))
            {
                yield return job;
            }
        }
    }

    private static InstalledJob ServiceJob(ServiceConfiguration service) =>
        new(ServiceTranslator.Parse(service) with { SourcePath = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\" + service.ServiceName })
        {
            Files = new[] { ServicePrefix + service.ServiceName },
            Enabled = service.StartType == ServiceStartType.Automatic,
        };

    /// <summary>Every task with a logon or boot trigger, and every task in our folder.</summary>
    private IEnumerable<InstalledJob> Tasks()
    {
        var result = _runner.Run(CommandLine.Of("schtasks", "/query", "/xml", "ONE"));
        return result.Succeeded && result.StandardOutput.Trim().Length > 0 ? TasksFrom(result.StandardOutput, null) : Array.Empty<InstalledJob>();
    }

    /// <summary>The jobs in schtasks' XML: one task (its <paramref name="path"/> given), or a &lt;Tasks&gt; document of them.</summary>
    private static IEnumerable<InstalledJob> TasksFrom(string xml, string? path)
    {
        XElement root;
        try
        {
            root = XDocument.Parse(xml).Root!;
        }
        catch (System.Xml.XmlException ex)
        {
            throw new PlatformException("schtasks printed task XML that does not parse: " + ex.Message, ex);
        }

        var tasks = root.Name.LocalName == "Task"
            ? new[] { (Path: path!, Task: root) }
            : root.Nodes().OfType<XComment>().Select(c => (Path: c.Value.Trim(), Task: c.NextNode as XElement)).Where(t => t.Task is not null).Select(t => (t.Path, Task: t.Task!)).ToArray();
        return tasks
            .Where(t => t.Path.StartsWith(TaskTranslator.Folder, StringComparison.OrdinalIgnoreCase)
                || t.Task.Descendants().Any(e => e.Name.LocalName is "LogonTrigger" or "BootTrigger"))
            .Select(t =>
            {
                var definition = TaskTranslator.Parse(t.Task.ToString(), t.Path.Substring(t.Path.LastIndexOf('\\') + 1)) with { SourcePath = t.Path };
                return new InstalledJob(definition) { Files = new[] { TaskPrefix + t.Path }, Enabled = definition.StartupType != StartupType.Disabled };
            })
            .ToList();
    }

    private static IEnumerable<InstalledJob> RunValues()
    {
        foreach (var hive in new[] { "HKEY_CURRENT_USER", "HKEY_LOCAL_MACHINE" })
        {
            using var markers = Open(hive + "\\" + MarkerKey, write: false);
            foreach (var runKey in RunKeys.Select(k => hive + "\\" + k))
            {
                using var key = Open(runKey, write: false);
                foreach (var name in key?.GetValueNames() ?? Array.Empty<string>())
                {
                    if (key!.GetValue(name) is not string command)
                    {
                        continue;
                    }

                    var managed = runKey.EndsWith("\\CurrentVersion\\Run", StringComparison.Ordinal) && !runKey.Contains("WOW6432Node") && markers?.GetValue(name) is string;
                    var definition = RunKeyTranslator.Parse(new RunValue(runKey, name, command, StartupApproved.IsEnabled(ApprovalOf(runKey, name))), managed);
                    yield return new InstalledJob(definition) { Files = new[] { runKey + "\\" + name }, Enabled = definition.StartupType != StartupType.Disabled };
                }
            }
        }
    }

    /// <summary>Shortcuts in the user's and the common Startup folder: login items ServiceManagement reads but does not write.</summary>
    private static IEnumerable<InstalledJob> StartupShortcuts()
    {
        var folders = new[]
        {
            (Environment.GetFolderPath(Environment.SpecialFolder.Startup), JobScope.User, "HKEY_CURRENT_USER"),
            (Environment.GetFolderPath(Environment.SpecialFolder.CommonStartup), JobScope.System, "HKEY_LOCAL_MACHINE"),
        };
        foreach (var (folder, scope, hive) in folders.Where(f => f.Item1.Length > 0 && Directory.Exists(f.Item1)))
        {
            using var approvals = Open(hive + "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\StartupFolder", write: false);
            foreach (var file in Directory.GetFiles(folder, "*.lnk").OrderBy(f => f, StringComparer.OrdinalIgnoreCase))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var findings = new List<Finding>();
                ShellLinkTarget? link = null;
                try
                {
                    link = ShellLink.Read(File.ReadAllBytes(file));
                }
                catch (FormatException ex)
                {
                    findings.Add(new Finding(FindingSeverity.Warning, "ShortcutInvalid", file, ex.Message));
                }

                var arguments = link?.Arguments is { Length: > 0 } text ? WindowsCommandLine.Split("x " + text).Skip(1) : Array.Empty<string>();
                var enabled = StartupApproved.IsEnabled(approvals?.GetValue(Path.GetFileName(file)) as byte[]);
                yield return new InstalledJob(new BackgroundJobDefinition(name, JobKind.LoginItem, scope)
                {
                    Program = link?.Target,
                    Arguments = ValueList<string>.From(arguments),
                    WorkingDirectory = link?.WorkingDirectory is { Length: > 0 } directory ? directory : null,
                    Description = link?.Description,
                    StartupType = enabled ? null : StartupType.Disabled,
                    SourcePath = file,
                    Platform = JobPlatform.WindowsRunKey,
                    Origin = JobOrigin.Machine,
                })
                { Files = new[] { file }, Findings = findings, Enabled = enabled };
            }
        }
    }

    private static byte[]? ApprovalOf(string runKey, string name)
    {
        using var approvals = Open(RunKeyTranslator.ApprovalKeyOf(runKey), write: false);
        return approvals?.GetValue(name) as byte[];
    }

    private static (string Key, string Name) SplitValuePath(string path)
    {
        var at = path.LastIndexOf('\\');
        return (path.Substring(0, at), path.Substring(at + 1));
    }

    private static RegistryKey Hive(string path) => path.StartsWith("HKEY_LOCAL_MACHINE\\", StringComparison.OrdinalIgnoreCase) ? Registry.LocalMachine : Registry.CurrentUser;

    private static string SubKey(string path) => path.Substring(path.IndexOf('\\') + 1);

    private static RegistryKey? Open(string path, bool write)
    {
        try
        {
            return Hive(path).OpenSubKey(SubKey(path), write);
        }
        catch (System.Security.SecurityException ex)
        {
            throw new PermissionDeniedException($"Access to {path} is denied; run as an administrator.", ex);
        }
    }

    private static RegistryKey Create(string path)
    {
        try
        {
            return Hive(path).CreateSubKey(SubKey(path));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new PermissionDeniedException($"Access to {path} is denied; run as an administrator.", ex);
        }
    }

    private void Require(CommandLine command)
    {
        var result = _runner.Run(command);
        if (!result.Succeeded)
        {
            throw new PlatformException($"{command} failed (exit code {result.ExitCode}): {(result.StandardError.Trim().Length > 0 ? result.StandardError.Trim() : result.StandardOutput.Trim())}");
        }
    }
}
