using System.Security;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;
using ServiceManagement.Platforms.Windows.Native;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Daemons as services, through the service control manager; a change holds a service as its configuration's
/// JSON form. A service's password is given only when it is being set; otherwise the manager keeps its own.
/// </summary>
internal sealed class ServiceStore : IWindowsStore
{
    /// <summary>ERROR_SERVICE_NEVER_STARTED: the exit code of a service nobody started since boot, which is no failure.</summary>
    private const int NeverStarted = 1077;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Func<bool, IServiceManager> _open;

    /// <param name="open">Opens the service manager, for writing when given true.</param>
    public ServiceStore(Func<bool, IServiceManager> open) => _open = open;

    public IEnumerable<InstalledJob> Jobs(JobQuery query)
    {
        using var scm = _open(false);
        return scm.Enumerate()
            .Where(n => query.NameMatcher.IsMatch(n))
            .Select(scm.Query)
            .OfType<ServiceConfiguration>()
            .Select(ServiceJob)
            .Where(j => query.Matches(j.Definition))
            .ToList();
    }

    public WindowsObject Locate(BackgroundJobDefinition definition) => new(JobPlatform.WindowsService, definition.Name);

    public string Render(BackgroundJobDefinition definition, InstalledJob? existing) =>
        (existing is { Definition.Managed: false } ? ServiceTranslator.Render(definition) with { Managed = false } : ServiceTranslator.Render(definition)).ToJson();

    public string? Current(WindowsObject target)
    {
        using var scm = _open(false);
        return scm.Query(target.Id)?.ToJson();
    }

    public InstalledJob? Existing(WindowsObject target, string current, BackgroundJobDefinition declared) =>
        ServiceJob(ServiceConfiguration.FromJson(current, target.Path).Single());

    /// <summary>A service that signs in as a user account needs its password when it is created or its account changes.</summary>
    public void Check(BackgroundJobDefinition? desired, InstalledJob? existing, WriteOptions options)
    {
        if (desired is null || options.AccountPassword is not null)
        {
            return;
        }

        var account = ServiceTranslator.Account(desired.RunAs?.Account ?? desired.RunAs?.User);
        var unchanged = existing is not null && ServiceTranslator.Account(existing.Definition.RunAs?.Account) == account;
        if (!ServiceTranslator.NeedsNoPassword(account) && !unchanged)
        {
            throw new InvalidDefinitionException(new[]
            {
                new Finding(FindingSeverity.Error, "PasswordMissing", "runAs.account", $"{desired.Name} signs in as {account}, which needs its password (New-Daemon -Credential); built-in accounts, NT SERVICE\\{desired.Name} and gMSAs (DOMAIN\\name$) need none."),
            });
        }
    }

    public void Apply(WindowsObject target, string? content, SecureString? password)
    {
        using var scm = _open(true);
        if (content is null)
        {
            scm.Delete(target.Id, Timeout);
        }
        else if (scm.Query(target.Id) is null)
        {
            scm.Create(ServiceConfiguration.FromJson(content, target.Path).Single(), password);
        }
        else
        {
            scm.Configure(ServiceConfiguration.FromJson(content, target.Path).Single(), password);
        }
    }

    public void Start(BackgroundJobDefinition definition)
    {
        using var scm = _open(true);
        scm.Start(definition.Name, Array.Empty<string>(), Timeout);
    }

    public void Stop(BackgroundJobDefinition definition)
    {
        using var scm = _open(true);
        scm.Stop(definition.Name, Timeout);
    }

    public void SetEnabled(BackgroundJobDefinition definition, bool enabled)
    {
        using var scm = _open(true);
        var service = scm.Query(definition.Name) ?? throw new JobNotFoundException(definition.Name);
        scm.Configure(service with { StartType = enabled ? ServiceStartType.Automatic : ServiceStartType.Disabled }, password: null);
    }

    /// <summary>The manager's announcements of the services' changes (see <see cref="IServiceManager.Notify"/>); null when it makes none.</summary>
    public IDisposable? Listen(IReadOnlyList<string> names, Action<int> changed)
    {
        using var scm = _open(false);
        return scm.Notify(names, changed);
    }

    public IReadOnlyList<BackgroundJobStatus> Status(IReadOnlyList<InstalledJob> jobs)
    {
        using var scm = _open(false);
        return jobs.Select(job =>
        {
            var status = StatusOf(job.Definition, scm.Status(job.Definition.Name));
            // A service its pipe starts is armed while it is not disabled: the SCM starts it at the pipe's first opening.
            return job.Definition.Activation is null ? status : status with { TriggerActive = status.State is not (JobState.Disabled or JobState.NotLoaded) };
        }).ToList();
    }

    private static BackgroundJobStatus StatusOf(BackgroundJobDefinition definition, ServiceRuntime? runtime)
    {
        var state = runtime?.State switch
        {
            null => JobState.NotLoaded,
            ServiceRunState.Running => JobState.Running,
            ServiceRunState.StartPending or ServiceRunState.ContinuePending => JobState.Starting,
            ServiceRunState.StopPending or ServiceRunState.PausePending => JobState.Stopping,
            ServiceRunState.Stopped when definition.StartupType == StartupType.Disabled => JobState.Disabled,
            ServiceRunState.Stopped when runtime.ExitCode is not (0 or NeverStarted) => JobState.Failed,
            _ => JobState.Stopped,
        };
        var status = new BackgroundJobStatus(definition.Name, state)
        {
            ProcessId = runtime?.ProcessId,
            LastExitCode = runtime?.ExitCode is NeverStarted ? null : runtime?.ExitCode,
            ExitReason = runtime?.ExitCode switch { null => null, NeverStarted => "never started since boot", 0 => "exited with 0 (success)", { } code => $"exited with {code}" },
            NativeState = runtime?.ExitCode is NeverStarted ? "Stopped (never started since boot)" : runtime?.State.ToString(),
        };
        return runtime is null ? status : ServiceProcess.Fill(status, runtime.Shared);
    }

    private static InstalledJob ServiceJob(ServiceConfiguration service) =>
        new(ServiceTranslator.Parse(service) with { SourcePath = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\" + service.ServiceName })
        {
            Files = new[] { new WindowsObject(JobPlatform.WindowsService, service.ServiceName).Path },
            Enabled = service.StartType == ServiceStartType.Automatic,
        };
}
