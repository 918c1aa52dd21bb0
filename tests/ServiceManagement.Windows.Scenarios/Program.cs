using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32;
using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Platforms.Windows.Native;
using ServiceManagement.Processes;
using ServiceManagement.Validation;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("windows")]

// Usage: ServiceManagement.Windows.Scenarios SCENARIO RESULT.json [ARGUMENT...]
// Every observation goes into RESULT.json; an unexpected exception is recorded there too, so that the
// Linux side can say what went wrong without reading Wine's console.
var observed = new Dictionary<string, object?>();
try
{
    var scenario = args[0] switch
    {
        "scm" => (Action<Dictionary<string, object?>, string[]>)Scenarios.ServiceLifecycle,
        "scm-errors" => Scenarios.ServiceErrors,
        "platform" => Scenarios.Platform,
        "login-items" => Scenarios.LoginItems,
        "logon-write" => Scenarios.LogonWrite,
        "export-plan" => Scenarios.ExportPlan,
        "watch" => Scenarios.Watch,
        _ => throw new ArgumentException("unknown scenario " + args[0]),
    };
    scenario(observed, args.Skip(2).ToArray());
}
catch (Exception ex)
{
    observed["exception"] = ex.ToString();
}

File.WriteAllText(args[1], JsonSerializer.Serialize(observed, new JsonSerializerOptions { WriteIndented = true }));

internal static class Scenarios
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The machine's own jobs (Wine's services, Run values) plus an unmanaged service made with the SCM
    /// as an installer would: exported, written and loaded as a configuration file, planned back.
    /// </summary>
    public static void ExportPlan(Dictionary<string, object?> observed, string[] args)
    {
        const string name = "sm.wine.vendor";
        using (var scm = ServiceControlManager.Open(write: true))
        {
            scm.Create(new ServiceConfiguration(name, WindowsCommandLine.Join(args[0], new[] { args[1] })) { StartType = ServiceStartType.Manual, Description = "installed by hand" }, password: null);
        }

        try
        {
            var platform = new WindowsPlatform(new ProcessCommandRunner());
            var export = Exporter.Export(platform, JobQuery.All);
            observed["exported"] = export.Entries.Select(e => e.Definition.Platform + " " + e.Definition.Name).ToArray();
            var yaml = ConfigurationWriter.Save(export.Entries);
            var loaded = ConfigurationLoader.Parse(yaml, "machine.yaml");
            observed["errors"] = ConfigurationValidator.Validate(loaded, TargetOperatingSystem.Windows, PlatformRules.All).Where(f => f.Severity == ServiceManagement.Validation.FindingSeverity.Error).Select(f => f.ToString()).ToArray();
            var plan = Planner.Create(platform, loaded.Document!.Entries, new PlanOptions());
            observed["planned"] = plan.Items.Count;
            observed["changes"] = plan.Changes.Select(i => $"{i.Action} {i.Name}: {string.Join(", ", i.Changes.Select(c => $"{c.Property} {c.Actual} -> {c.Desired}"))}").ToArray();
            var vendor = platform.GetJobs(new JobQuery { Names = new[] { name } });
            observed["vendorManaged"] = vendor.Single().Definition.Managed;
            using (var scm = ServiceControlManager.Open(write: false))
            {
                observed["vendorRawExitCode"] = scm.Status(name)!.ExitCode;
            }

            var status = platform.GetStatus(vendor).Single();
            observed["vendorState"] = status.State.ToString();
            observed["vendorExitCode"] = status.LastExitCode;

            // Changed by force, in place: the service keeps being the vendor's (no marker).
            platform.Write(new[] { vendor.Single().Definition with { Description = "changed by admin" } }, new WriteOptions { Force = true });
            using (var scm = ServiceControlManager.Open(write: false))
            {
                var changed = scm.Query(name)!;
                observed["changedDescription"] = changed.Description;
                observed["changedManaged"] = changed.Managed;
            }
        }
        finally
        {
            using var scm = ServiceControlManager.Open(write: true);
            scm.Delete(name, Timeout);
        }
    }

    /// <summary>Create, configure, start with arguments, status with PID, stop, enumerate, delete — arguments: SERVICE.exe RECORD.txt.</summary>
    public static void ServiceLifecycle(Dictionary<string, object?> observed, string[] args)
    {
        const string name = "sm.wine.lifecycle";
        var (program, record) = (args[0], args[1]);
        using var scm = ServiceControlManager.Open(write: true);
        var service = new ServiceConfiguration(name, WindowsCommandLine.Join(program, new[] { record, "two words", "say \"hi\"" }))
        {
            DisplayName = "ServiceManagement lifecycle test",
            StartType = ServiceStartType.Manual,
            Description = "created by the Wine tests",
            Environment = ServiceManagement.Model.ValueList<string>.From(new[] { "SM_TEST=hello world" }),
            Managed = true,
        };
        scm.Create(service, password: null);
        var created = scm.Query(name)!;
        observed["imagePath"] = created.ImagePath;
        observed["description"] = created.Description;
        observed["environment"] = created.Environment.ToArray();
        observed["managed"] = created.Managed;
        observed["startType"] = created.StartType.ToString();
        observed["account"] = created.Account;
        observed["enumerated"] = scm.Enumerate().Contains(name);
        observed["stateBeforeStart"] = scm.Status(name)!.State.ToString();

        scm.Start(name, new[] { "alpha", "beta gamma" }, Timeout);
        var running = scm.Status(name)!;
        observed["stateAfterStart"] = running.State.ToString();
        observed["pid"] = running.ProcessId;
        observed["processExists"] = running.ProcessId is { } pid && System.Diagnostics.Process.GetProcessById(pid) is not null;
        observed["record"] = File.Exists(record) ? File.ReadAllLines(record) : null;

        scm.Configure(service with { Description = "changed", StartType = ServiceStartType.Automatic }, password: null);
        var changed = scm.Query(name)!;
        observed["changedDescription"] = changed.Description;
        observed["changedStartType"] = changed.StartType.ToString();

        // The start trigger on a named pipe (an activation name): written with ChangeServiceConfig2, read with QueryServiceConfig2.
        observed["startPipesWritten"] = Caught(() => scm.Configure(changed with { StartPipes = ServiceManagement.Model.ValueList.Of("sm.wine.echo") }, password: null));
        observed["startPipes"] = scm.Query(name)!.StartPipes.ToArray();
        var manager = Advapi32.OpenSCManager(null, null, Advapi32.ScManagerAllAccess);
        var handle = Advapi32.OpenService(manager, name, Advapi32.ServiceAllAccess);
        observed["startPipesQueryCode"] = Advapi32.QueryServiceConfig2(handle, Advapi32.ConfigTriggerInfo, IntPtr.Zero, 0, out _) ? 0 : Marshal.GetLastWin32Error();
        Advapi32.CloseServiceHandle(handle);
        Advapi32.CloseServiceHandle(manager);
        observed["startPipesCleared"] = Caught(() => scm.Configure(changed with { StartPipes = ServiceManagement.Model.ValueList<string>.Empty }, password: null));
        observed["startPipesAfterClear"] = scm.Query(name)!.StartPipes.ToArray();

        scm.Stop(name, Timeout);
        observed["stateAfterStop"] = scm.Status(name)!.State.ToString();
        scm.Delete(name, Timeout);
        observed["queryAfterDelete"] = scm.Query(name) is null;
        observed["statusAfterDelete"] = scm.Status(name) is null;
    }

    /// <summary>
    /// Watching a service the engine started, as the service control manager announces its changes — arguments:
    /// SERVICE.exe RECORD.txt. The interval is far longer than the timeout, so that only an announcement (not a
    /// reading at the interval) can bring the stop in time. Wine keeps a service whose change was asked to be
    /// announced until the asking process ends (closing the handle does not cancel it there, as it does on Windows),
    /// so the service is only marked for deletion here, and goes when this process exits.
    /// </summary>
    public static void Watch(Dictionary<string, object?> observed, string[] args)
    {
        var platform = new WindowsPlatform(new ProcessCommandRunner());
        var daemon = new BackgroundJobDefinition("sm.wine.watched", JobKind.Daemon, JobScope.System) { Program = args[0], Arguments = ValueList.Of(args[1]) };
        platform.Create(new[] { daemon }, new WriteOptions { Start = true });
        var found = platform.GetJobs(new JobQuery { Names = new[] { daemon.Name } });
        var watching = ServiceManagement.Requests.JobWatching.Watch(platform, found, new ServiceManagement.Requests.WatchOptions { Until = JobState.Stopped, Timeout = TimeSpan.FromSeconds(30), Interval = TimeSpan.FromMinutes(10) }, CancellationToken.None);
        var watched = Task.Run(() => watching.Select(e => $"{e.Name} {e.From}->{e.To}").ToList());
        var asked = System.Diagnostics.Stopwatch.StartNew();
        platform.Control(found, JobAction.Stop);
        observed["watched"] = watched.Result.ToArray();
        observed["watchedWithinMs"] = asked.ElapsedMilliseconds;
        using var scm = ServiceControlManager.Open(write: true);
        scm.Delete(daemon.Name, TimeSpan.Zero);
    }

    /// <summary>The raw Win32 codes Wine's SCM returns, and what the wrapper makes of them — arguments: SERVICE.exe RECORD.txt.</summary>
    public static void ServiceErrors(Dictionary<string, object?> observed, string[] args)
    {
        const string name = "sm.wine.errors";
        using var scm = ServiceControlManager.Open(write: true);
        var service = new ServiceConfiguration(name, WindowsCommandLine.Join(args[0], new[] { args[1] })) { StartType = ServiceStartType.Manual };
        scm.Create(service, password: null);
        observed["duplicate"] = Caught(() => scm.Create(service, password: null));
        observed["missingStart"] = Caught(() => scm.Start("sm.wine.missing", Array.Empty<string>(), Timeout));
        scm.Start(name, Array.Empty<string>(), Timeout);

        var manager = Advapi32.OpenSCManager(null, null, Advapi32.ScManagerAllAccess);
        var handle = Advapi32.OpenService(manager, name, Advapi32.ServiceAllAccess);
        observed["startTwiceCode"] = Advapi32.StartService(handle, 0, null) ? 0 : Marshal.GetLastWin32Error();
        observed["startTwice"] = Caught(() => scm.Start(name, Array.Empty<string>(), Timeout));
        scm.Stop(name, Timeout);
        observed["stopTwiceCode"] = Advapi32.ControlService(handle, Advapi32.ServiceControlStop, out _) ? 0 : Marshal.GetLastWin32Error();
        observed["stopTwice"] = Caught(() => scm.Stop(name, Timeout));
        observed["openMissingCode"] = Advapi32.OpenService(manager, "sm.wine.missing", Advapi32.ServiceAllAccess) == IntPtr.Zero ? Marshal.GetLastWin32Error() : 0;
        observed["duplicateCode"] = Advapi32.CreateService(manager, name, name, Advapi32.ServiceAllAccess, Advapi32.ServiceWin32OwnProcess, 3, 1, service.ImagePath, null, IntPtr.Zero, null, null, null) == IntPtr.Zero
            ? Marshal.GetLastWin32Error()
            : 0;
        Advapi32.CloseServiceHandle(handle);
        Advapi32.CloseServiceHandle(manager);
        scm.Delete(name, Timeout);
    }

    /// <summary>The engine end to end on a daemon: create and start, read back, plan again, stop, remove — arguments: SERVICE.exe RECORD.txt.</summary>
    public static void Platform(Dictionary<string, object?> observed, string[] args)
    {
        var platform = new WindowsPlatform(new ProcessCommandRunner());
        var daemon = new BackgroundJobDefinition("sm.wine.daemon", JobKind.Daemon, JobScope.System)
        {
            Program = args[0],
            Arguments = ValueList<string>.From(new[] { args[1], "x y" }),
            Description = "engine test",
        };
        var created = platform.Create(new[] { daemon }, new WriteOptions { Start = true });
        observed["changed"] = created.ChangedFiles.ToArray();
        var found = platform.GetJobs(new JobQuery { Names = new[] { "sm.wine.daemon" } });
        observed["found"] = found.Select(j => j.Definition.Name).ToArray();
        var job = found.Single();
        observed["managed"] = job.Definition.Managed;
        observed["program"] = job.Definition.Program;
        observed["arguments"] = job.Definition.Arguments.ToArray();
        var status = platform.GetStatus(found).Single();
        observed["state"] = status.State.ToString();
        observed["pid"] = status.ProcessId;
        observed["record"] = File.Exists(args[1]) ? File.ReadAllLines(args[1]) : null;
        var plan = Planner.Create(platform, new[] { new ConfigurationEntry(daemon) }, new PlanOptions());
        observed["planAfterCreate"] = plan.Items.Select(i => i.Action + " " + string.Join(",", i.Changes.Select(c => c.Property))).ToArray();
        var changed = Planner.Create(platform, new[] { new ConfigurationEntry(daemon with { Description = "changed" }) }, new PlanOptions());
        observed["planAfterChange"] = changed.Items.Select(i => i.Action + " " + string.Join(",", i.Changes.Select(c => c.Property))).ToArray();
        observed["diff"] = changed.Items.Single().Diff;

        platform.Control(found, JobAction.Stop);
        observed["stateAfterStop"] = platform.GetStatus(found).Single().State.ToString();
        platform.Remove(found, force: false);
        observed["foundAfterRemove"] = platform.GetJobs(new JobQuery { Names = new[] { "sm.wine.daemon" } }).Count;

        var user = daemon with { Name = "sm.wine.user", RunAs = new RunAs { Account = "WINE\\alice" } };
        observed["passwordMissing"] = Caught(() => platform.Create(new[] { user }, new WriteOptions()));
        using var password = new System.Security.SecureString();
        foreach (var c in "s3cret!")
        {
            password.AppendChar(c);
        }

        observed["withPassword"] = Caught(() => platform.Create(new[] { user }, new WriteOptions { AccountPassword = password }));
        var withUser = platform.GetJobs(new JobQuery { Names = new[] { "sm.wine.user" } });
        observed["userAccount"] = withUser.SingleOrDefault()?.Definition.RunAs?.Account;
        platform.Remove(withUser, force: false);
    }

    /// <summary>Login items: ours through the engine (StartupApproved on and off), and others' in RunOnce, WOW6432Node and the Startup folder.</summary>
    public static void LoginItems(Dictionary<string, object?> observed, string[] args)
    {
        var platform = new WindowsPlatform(new ProcessCommandRunner());
        var item = new BackgroundJobDefinition("sm.wine.login", JobKind.LoginItem, JobScope.User)
        {
            Program = "C:\\Program Files\\Notes\\notes.exe",
            Arguments = ValueList<string>.From(new[] { "--minimized", "two words" }),
            StartupType = StartupType.Disabled,
        };
        platform.Create(new[] { item }, new WriteOptions());
        using (var run = Registry.CurrentUser.OpenSubKey("Software\\Microsoft\\Windows\\CurrentVersion\\Run")!)
        {
            observed["runValue"] = run.GetValue("sm.wine.login");
        }

        byte[]? Approval()
        {
            using var key = Registry.CurrentUser.OpenSubKey("Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run");
            return key?.GetValue("sm.wine.login") as byte[];
        }

        observed["approvalDisabled"] = Approval()?.Take(4).Select(b => (int)b).ToArray();
        var ours = platform.GetJobs(new JobQuery { Names = new[] { "sm.wine.login" } }).Single();
        observed["readManaged"] = ours.Definition.Managed;
        observed["readStartupType"] = ours.Definition.StartupType?.ToString();
        observed["readArguments"] = ours.Definition.Arguments.ToArray();
        platform.Control(new[] { ours }, JobAction.Enable);
        observed["approvalEnabled"] = Approval()?.Select(b => (int)b).ToArray();
        observed["enabledAfter"] = platform.GetJobs(new JobQuery { Names = new[] { "sm.wine.login" } }).Single().Enabled;

        using (var once = Registry.CurrentUser.CreateSubKey("Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce"))
        {
            once.SetValue("sm.wine.once", "\"C:\\once.exe\" --first", RegistryValueKind.String);
        }

        using (var wow = Registry.LocalMachine.CreateSubKey("Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run"))
        {
            wow.SetValue("sm.wine.wow", "C:\\x86\\tool.exe /quiet", RegistryValueKind.String);
        }

        var others = platform.GetJobs(new JobQuery { Names = new[] { "sm.wine.login", "sm.wine.once", "sm.wine.wow", "sm-shortcut" } });
        observed["inventory"] = others.Select(j => $"{j.Definition.Name}|{j.Definition.Scope}|{j.Definition.Managed}|{j.Definition.Program}|{string.Join(" ", j.Definition.Arguments)}|{j.Files.Single()}").OrderBy(s => s, StringComparer.Ordinal).ToArray();
        observed["startupFolder"] = Environment.GetFolderPath(Environment.SpecialFolder.Startup);
        observed["removeUnmanaged"] = Caught(() => platform.Remove(others.Where(j => j.Definition.Name == "sm.wine.once").ToList(), force: false));
        platform.Remove(new[] { ours }, force: false);
        observed["afterRemove"] = platform.GetJobs(new JobQuery { Names = new[] { "sm.wine.login" } }).Count;
        using var marker = Registry.CurrentUser.OpenSubKey("Software\\ServiceManagement\\Run");
        observed["markerAfterRemove"] = marker?.GetValue("sm.wine.login");
    }

    /// <summary>A Run value that a logon runs (the Linux side then runs wineboot) — arguments: SERVICE.exe TOUCHED.txt.</summary>
    public static void LogonWrite(Dictionary<string, object?> observed, string[] args)
    {
        var platform = new WindowsPlatform(new ProcessCommandRunner());
        var item = new BackgroundJobDefinition("sm.wine.logon", JobKind.LoginItem, JobScope.User)
        {
            Program = args[0],
            Arguments = ValueList<string>.From(new[] { "--touch", args[1] }),
        };
        observed["notes"] = platform.Create(new[] { item }, new WriteOptions { Start = true }).Notes.ToArray();
    }

    /// <summary>"ok", or the engine's error type and message.</summary>
    private static string Caught(Action action)
    {
        try
        {
            action();
            return "ok";
        }
        catch (ServiceManagementException ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }
}
