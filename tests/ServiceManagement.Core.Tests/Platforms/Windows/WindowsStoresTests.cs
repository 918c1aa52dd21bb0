using System.Diagnostics;
using System.Security;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Platforms.Windows.Native;
using ServiceManagement.Tests.Support;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Windows;

/// <summary>
/// The Windows platform's stage, commit and restore over fakes of the service control manager and the
/// registry, on any machine; Wine's real SCM and registry are the end-to-end proof (WineTests).
/// </summary>
public class WindowsStoresTests
{
    private const string UserRun = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    private const string UserRunOnce = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce";
    private const string UserApproval = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run";

    private static readonly BackgroundJobDefinition Daemon = new("com.example.web", JobKind.Daemon, JobScope.System)
    {
        Program = "C:\\Apps\\web.exe",
        Arguments = ValueList<string>.From(new[] { "--port", "8080" }),
    };

    private static readonly BackgroundJobDefinition LoginItem = new("com.example.tray", JobKind.LoginItem, JobScope.User) { Program = "C:\\Apps\\tray.exe" };

    private readonly FakeServiceManager _services = new();
    private readonly FakeRegistry _registry = new();
    private readonly FakeCommandRunner _runner = new();

    private WindowsPlatform Platform() => new(_runner, _ => _services, _registry, "alice", Array.Empty<StartupFolder>());

    [Fact]
    public void A_new_daemon_is_created_and_started_and_restoring_deletes_it()
    {
        var platform = Platform();
        var staged = platform.Stage(new[] { Daemon }, Array.Empty<InstalledJob>(), new WriteOptions { Start = true });

        var file = Assert.Single(staged.Files);
        Assert.Equal(("scm:\\com.example.web", (string?)null), (file.Path, file.Before));
        Assert.Empty(_services.Services);

        platform.Commit(staged);
        var created = _services.Services["com.example.web"];
        Assert.Equal("\"C:\\Apps\\web.exe\" --port 8080", created.ImagePath);
        Assert.True(created.Managed);
        Assert.Equal(new[] { "create com.example.web", "start com.example.web" }, _services.Calls);

        platform.Restore(staged);
        Assert.Empty(_services.Services);
    }

    [Fact]
    public void A_changed_service_is_configured_in_place_and_restoring_puts_back_its_configuration()
    {
        var platform = Platform();
        platform.Commit(platform.Stage(new[] { Daemon }, Array.Empty<InstalledJob>(), new WriteOptions()));
        var before = _services.Services["com.example.web"];

        var staged = platform.Stage(new[] { Daemon with { Description = "changed" } }, Array.Empty<InstalledJob>(), new WriteOptions());
        Assert.Equal(before.ToJson(), Assert.Single(staged.Files).Before);
        platform.Commit(staged);
        Assert.Equal("changed", _services.Services["com.example.web"].Description);

        platform.Restore(staged);
        Assert.Equal(before, _services.Services["com.example.web"]);
    }

    [Fact]
    public void A_service_signing_in_as_a_user_without_its_password_is_refused_before_anything_is_written()
    {
        var platform = Platform();
        var error = Assert.Throws<InvalidDefinitionException>(() =>
            platform.Stage(new[] { Daemon with { RunAs = new RunAs { Account = "CONTOSO\\svc-web" } } }, Array.Empty<InstalledJob>(), new WriteOptions()));

        Assert.Equal("PasswordMissing", Assert.Single(error.Findings).Code);
        Assert.Empty(_services.Calls);
    }

    [Fact]
    public void A_job_declared_twice_is_refused_as_on_every_platform_before_anything_is_written()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() =>
            Platform().Stage(new[] { Daemon, Daemon with { Description = "again" } }, Array.Empty<InstalledJob>(), new WriteOptions()));

        Assert.Contains(error.Findings, f => f.Code == "DuplicateJob" && f.Path == "jobs[1].name");
        Assert.Empty(_services.Calls);
    }

    [Fact]
    public void A_login_item_is_a_Run_value_with_its_approval_and_our_marker_and_removing_it_takes_all_three()
    {
        var platform = Platform();
        var staged = platform.Stage(new[] { LoginItem with { StartupType = StartupType.Disabled } }, Array.Empty<InstalledJob>(), new WriteOptions());
        Assert.Equal(UserRun + "\\com.example.tray", Assert.Single(staged.Files).Path);
        platform.Commit(staged);

        Assert.Equal("\"C:\\Apps\\tray.exe\"", _registry.Values[(UserRun, "com.example.tray")]);
        Assert.Equal(3, ((byte[])_registry.Values[(UserApproval, "com.example.tray")])[0]);
        Assert.Equal("managed", _registry.Values[("HKEY_CURRENT_USER\\Software\\ServiceManagement\\Run", "com.example.tray")]);

        var installed = Assert.Single(platform.GetJobs(new JobQuery()));
        Assert.True(installed.Definition.Managed);
        Assert.Equal(StartupType.Disabled, installed.Definition.StartupType);

        var removal = platform.Stage(Array.Empty<BackgroundJobDefinition>(), new[] { installed }, new WriteOptions());
        platform.Commit(removal);
        Assert.Empty(_registry.Values);

        platform.Restore(removal);
        Assert.Equal("\"C:\\Apps\\tray.exe\"", _registry.Values[(UserRun, "com.example.tray")]);
    }

    [Fact]
    public void A_Run_value_ServiceManagement_did_not_write_is_read_as_unmanaged_and_not_removed_without_force()
    {
        _registry.SetString(UserRunOnce, "vendor.once", "C:\\Vendor\\once.exe");
        var platform = Platform();

        var job = Assert.Single(platform.GetJobs(new JobQuery()));
        Assert.False(job.Definition.Managed);
        Assert.Throws<JobNotManagedException>(() => platform.Stage(Array.Empty<BackgroundJobDefinition>(), new[] { job }, new WriteOptions()));
        Assert.Single(_registry.Values);
    }

    [Fact]
    public void Status_reads_each_store_once_and_keeps_the_order_it_was_asked_in()
    {
        var platform = Platform();
        platform.Commit(platform.Stage(new[] { Daemon, LoginItem }, Array.Empty<InstalledJob>(), new WriteOptions { Start = true }));
        _services.Runtime["com.example.web"] = new ServiceRuntime("com.example.web", ServiceRunState.Running, Environment.ProcessId, 0);

        var jobs = platform.GetJobs(new JobQuery()).OrderBy(j => j.Definition.Kind == JobKind.Daemon).ToList();
        var statuses = platform.GetStatus(jobs);

        Assert.Equal(new[] { "com.example.tray", "com.example.web" }, statuses.Select(s => s.Name));
        Assert.Equal((JobState.Unknown, "runs at logon"), (statuses[0].State, statuses[0].NativeState));
        Assert.Equal((JobState.Running, (int?)Environment.ProcessId), (statuses[1].State, statuses[1].ProcessId));
        using var self = Process.GetCurrentProcess();
        Assert.InRange(statuses[1].MemoryBytes!.Value, 1, self.WorkingSet64 * 2);
    }

    [Fact]
    public void Enabling_and_disabling_go_to_the_store_each_job_was_found_in()
    {
        var platform = Platform();
        platform.Commit(platform.Stage(new[] { Daemon, LoginItem }, Array.Empty<InstalledJob>(), new WriteOptions()));

        platform.Control(platform.GetJobs(new JobQuery()), JobAction.Disable);

        Assert.Equal(ServiceStartType.Disabled, _services.Services["com.example.web"].StartType);
        Assert.Equal(StartupType.Disabled, platform.GetJobs(new JobQuery { Kind = JobKind.LoginItem }).Single().Definition.StartupType);
    }

    private sealed class FakeServiceManager : IServiceManager
    {
        public Dictionary<string, ServiceConfiguration> Services { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, ServiceRuntime> Runtime { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Calls { get; } = new();

        public IReadOnlyList<string> Enumerate() => Services.Keys.ToList();

        public ServiceConfiguration? Query(string name) => Services.TryGetValue(name, out var service) ? service : null;

        public ServiceRuntime? Status(string name) =>
            Runtime.TryGetValue(name, out var runtime) ? runtime : Services.ContainsKey(name) ? new ServiceRuntime(name, ServiceRunState.Stopped, null, 1077) : null;

        public void Create(ServiceConfiguration service, SecureString? password)
        {
            Calls.Add("create " + service.ServiceName);
            Services.Add(service.ServiceName, service);
        }

        public void Configure(ServiceConfiguration service, SecureString? password)
        {
            Calls.Add("configure " + service.ServiceName);
            Services[service.ServiceName] = service;
        }

        public void Start(string name, IReadOnlyList<string> arguments, TimeSpan timeout) => Calls.Add("start " + name);

        public void Stop(string name, TimeSpan timeout) => Calls.Add("stop " + name);

        public IDisposable? Notify(IReadOnlyList<string> names, Action<int> changed) => null;

        public void Delete(string name, TimeSpan timeout)
        {
            Calls.Add("delete " + name);
            Services.Remove(name);
        }

        public void Dispose()
        {
        }
    }

    private sealed class FakeRegistry : IRegistry
    {
        public Dictionary<(string Key, string Name), object> Values { get; } = new();

        public IReadOnlyList<string> ValueNames(string key) => Values.Keys.Where(k => k.Key == key).Select(k => k.Name).ToList();

        public object? Value(string key, string name) => Values.TryGetValue((key, name), out var value) ? value : null;

        public void SetString(string key, string name, string value) => Values[(key, name)] = value;

        public void SetBinary(string key, string name, byte[] value) => Values[(key, name)] = value;

        public void DeleteValue(string key, string name) => Values.Remove((key, name));
    }
}
