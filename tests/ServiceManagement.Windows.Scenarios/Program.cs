using System.Runtime.InteropServices;
using System.Text.Json;
using ServiceManagement.Errors;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Platforms.Windows.Native;

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

        scm.Stop(name, Timeout);
        observed["stateAfterStop"] = scm.Status(name)!.State.ToString();
        scm.Delete(name);
        observed["queryAfterDelete"] = scm.Query(name) is null;
        observed["statusAfterDelete"] = scm.Status(name) is null;
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
        scm.Delete(name);
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
