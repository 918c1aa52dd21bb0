using System.Security;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Login items as Run values with their StartupApproved switch; ours are marked by a value of the same name
/// under <c>Software\ServiceManagement\Run</c> in the same hive. A change holds a value as its .reg form.
/// Inventory also reads RunOnce, the WOW6432Node views and the Startup folders' shortcuts, which are never
/// written or removed.
/// </summary>
internal sealed class RunKeyStore : IWindowsStore
{
    private const string MarkerKey = "Software\\ServiceManagement\\Run";
    private static readonly string[] RunKeys =
    {
        "Software\\Microsoft\\Windows\\CurrentVersion\\Run",
        "Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
        "Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run",
        "Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
    };

    private readonly IRegistry _registry;
    private readonly string _currentUser;
    private readonly IReadOnlyList<StartupFolder> _startupFolders;

    public RunKeyStore(IRegistry registry, string currentUser, IReadOnlyList<StartupFolder> startupFolders)
    {
        _registry = registry;
        _currentUser = currentUser;
        _startupFolders = startupFolders;
    }

    public IEnumerable<InstalledJob> Jobs(JobQuery query) => RunValues().Concat(StartupShortcuts()).Where(j => query.Matches(j.Definition)).ToList();

    public WindowsObject Locate(BackgroundJobDefinition definition) =>
        new(JobPlatform.WindowsRunKey, definition.SourcePath ?? PathOf(RunKeyTranslator.Render(definition)));

    public string Render(BackgroundJobDefinition definition, InstalledJob? existing) => RunKeyTranslator.WriteRegFile(new[] { RunKeyTranslator.Render(definition) });

    public string? Current(WindowsObject target)
    {
        var (key, name) = Split(target.Id);
        return _registry.Value(key, name) is string command
            ? RunKeyTranslator.WriteRegFile(new[] { new RunValue(key, name, command, StartupApproved.IsEnabled(ApprovalOf(key, name))) })
            : null;
    }

    public InstalledJob? Existing(WindowsObject target, string current, BackgroundJobDefinition declared) =>
        RunValues().FirstOrDefault(r => JobIdentity.Same(r.Definition, declared, _currentUser, StringComparison.OrdinalIgnoreCase));

    public void Check(BackgroundJobDefinition? desired, InstalledJob? existing, WriteOptions options)
    {
        if (existing?.Definition.SourcePath is { } source && source.EndsWith(".lnk", StringComparison.OrdinalIgnoreCase))
        {
            throw new PlatformException($"{existing.Definition.Name} is a Startup-folder shortcut ({source}); ServiceManagement reads shortcuts but does not write or remove them.");
        }
    }

    public void Apply(WindowsObject target, string? content, SecureString? password)
    {
        var (key, name) = Split(target.Id);
        var marker = key.Substring(0, key.IndexOf('\\')) + "\\" + MarkerKey;
        if (content is null)
        {
            _registry.DeleteValue(key, name);
            _registry.DeleteValue(RunKeyTranslator.ApprovalKeyOf(key), name);
            _registry.DeleteValue(marker, name);
            return;
        }

        var value = RunKeyTranslator.ReadRegFile(content, target.Path).Single();
        _registry.SetString(key, name, value.CommandLine);
        _registry.SetBinary(value.ApprovalKey, name, StartupApproved.Encode(value.Enabled));
        _registry.SetString(marker, name, "managed");
    }

    /// <summary>Runs the program now, in this session, as logging in would.</summary>
    public void Start(BackgroundJobDefinition definition) =>
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(definition.Program!, WindowsCommandLine.JoinArguments(definition.Arguments)) { UseShellExecute = false })?.Dispose();

    /// <summary>A login item's process is the user's own once started; there is nothing to stop.</summary>
    public void Stop(BackgroundJobDefinition definition)
    {
    }

    public void SetEnabled(BackgroundJobDefinition definition, bool enabled)
    {
        var (key, name) = Split(Locate(definition).Id);
        _registry.SetBinary(RunKeyTranslator.ApprovalKeyOf(key), name, StartupApproved.Encode(enabled));
    }

    public IReadOnlyList<BackgroundJobStatus> Status(IReadOnlyList<InstalledJob> jobs) =>
        jobs.Select(job => new BackgroundJobStatus(job.Definition.Name, JobState.Unknown) { NativeState = "runs at logon" }).ToList();

    private IEnumerable<InstalledJob> RunValues()
    {
        foreach (var hive in new[] { "HKEY_CURRENT_USER", "HKEY_LOCAL_MACHINE" })
        {
            var marker = hive + "\\" + MarkerKey;
            foreach (var runKey in RunKeys.Select(k => hive + "\\" + k))
            {
                foreach (var name in _registry.ValueNames(runKey))
                {
                    if (_registry.Value(runKey, name) is not string command)
                    {
                        continue;
                    }

                    var managed = runKey.EndsWith("\\CurrentVersion\\Run", StringComparison.Ordinal) && !runKey.Contains("WOW6432Node") && _registry.Value(marker, name) is string;
                    var definition = RunKeyTranslator.Parse(new RunValue(runKey, name, command, StartupApproved.IsEnabled(ApprovalOf(runKey, name))), managed);
                    yield return new InstalledJob(definition) { Files = new[] { runKey + "\\" + name }, Enabled = definition.StartupType != StartupType.Disabled };
                }
            }
        }
    }

    /// <summary>Shortcuts in the user's and the common Startup folder: login items ServiceManagement reads but does not write.</summary>
    private IEnumerable<InstalledJob> StartupShortcuts()
    {
        foreach (var folder in _startupFolders.Where(f => f.Path.Length > 0 && Directory.Exists(f.Path)))
        {
            var approvals = folder.Hive + "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\StartupFolder";
            foreach (var file in Directory.GetFiles(folder.Path, "*.lnk").OrderBy(f => f, StringComparer.OrdinalIgnoreCase))
            {
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
                var enabled = StartupApproved.IsEnabled(_registry.Value(approvals, System.IO.Path.GetFileName(file)) as byte[]);
                yield return new InstalledJob(new BackgroundJobDefinition(System.IO.Path.GetFileNameWithoutExtension(file), JobKind.LoginItem, folder.Scope)
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

    private byte[]? ApprovalOf(string runKey, string name) => _registry.Value(RunKeyTranslator.ApprovalKeyOf(runKey), name) as byte[];

    private static string PathOf(RunValue value) => value.Key + "\\" + value.Name;

    private static (string Key, string Name) Split(string path)
    {
        var at = path.LastIndexOf('\\');
        return (path.Substring(0, at), path.Substring(at + 1));
    }
}

/// <summary>A Startup folder whose shortcuts are login items: the user's (HKEY_CURRENT_USER) or everyone's (HKEY_LOCAL_MACHINE).</summary>
internal sealed record StartupFolder(string Path, JobScope Scope, string Hive);
