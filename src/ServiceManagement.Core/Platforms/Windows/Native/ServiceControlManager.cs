using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security;
using Microsoft.Win32;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using static ServiceManagement.Platforms.Windows.Native.Advapi32;

namespace ServiceManagement.Platforms.Windows.Native;

/// <summary>
/// The service control manager through advapi32: create, configure (ChangeServiceConfig and
/// ChangeServiceConfig2: description, delayed auto-start, failure actions and their flag, service SID type,
/// required privileges), query, start with arguments, stop, enumerate, delete. A service's environment and
/// our ownership marker are values of its registry key. Win32 errors become the engine's typed errors:
/// 1073 (exists) JobExists, 1060 (does not exist) JobNotFound, 5 PermissionDenied, 1072 (marked for
/// deletion) a PlatformException saying what to do; 1056 (already running) and 1062 (not active) count as
/// success where the wanted state holds.
/// </summary>
internal sealed partial class ServiceControlManager : IServiceManager
{
    /// <summary>The registry value under the service's key that marks it as ServiceManagement's.</summary>
    public const string MarkerValue = "ServiceManagement";
    private const string ServicesKey = "SYSTEM\\CurrentControlSet\\Services\\";
    private readonly IntPtr _manager;

    private ServiceControlManager(IntPtr manager) => _manager = manager;

    public static ServiceControlManager Open(bool write)
    {
        var manager = OpenSCManager(null, null, write ? ScManagerAllAccess : ScManagerConnect | ScManagerEnumerate);
        return manager == IntPtr.Zero ? throw Error("opening the service control manager", null) : new ServiceControlManager(manager);
    }

    public void Dispose() => CloseServiceHandle(_manager);

    public void Create(ServiceConfiguration service, SecureString? password)
    {
        var handle = WithPassword(password, secret => CreateService(_manager, service.ServiceName, service.DisplayName ?? service.ServiceName, ServiceAllAccess,
            ServiceWin32OwnProcess, StartType(service.StartType), ServiceErrorNormal, service.ImagePath, null, IntPtr.Zero, MultiString(service.Dependencies),
            service.Account, secret));
        if (handle == IntPtr.Zero)
        {
            throw Error("creating", service.ServiceName);
        }

        try
        {
            ConfigureMore(handle, service);
        }
        finally
        {
            CloseServiceHandle(handle);
        }
    }

    public void Configure(ServiceConfiguration service, SecureString? password)
    {
        var handle = OpenOrThrow(service.ServiceName, ServiceAllAccess);
        try
        {
            if (!WithPassword(password, secret => ChangeServiceConfig(handle, ServiceWin32OwnProcess, StartType(service.StartType), ServiceErrorNormal, service.ImagePath,
                    null, IntPtr.Zero, MultiString(service.Dependencies), service.Account, secret, service.DisplayName ?? service.ServiceName)))
            {
                throw Error("configuring", service.ServiceName);
            }

            ConfigureMore(handle, service);
        }
        finally
        {
            CloseServiceHandle(handle);
        }
    }

    /// <summary>The service's whole configuration, or null when there is no such service.</summary>
    public ServiceConfiguration? Query(string name)
    {
        var handle = OpenService(_manager, name, ServiceQueryConfig | ServiceQueryStatus);
        if (handle == IntPtr.Zero)
        {
            return Marshal.GetLastWin32Error() == ErrorServiceDoesNotExist ? null : throw Error("opening", name);
        }

        try
        {
            return QueryHandle(handle, name);
        }
        finally
        {
            CloseServiceHandle(handle);
        }
    }

    private static ServiceConfiguration QueryHandle(IntPtr handle, string name)
    {
        var config = Buffer((buffer, size) => (QueryServiceConfigNative(handle, buffer, size, out var needed), needed), name, buffer =>
        {
            var raw = Marshal.PtrToStructure<QueryServiceConfig>(buffer);
            return (Raw: raw, Image: Marshal.PtrToStringUni(raw.BinaryPathName) ?? string.Empty, Account: Marshal.PtrToStringUni(raw.ServiceStartName),
                Display: Marshal.PtrToStringUni(raw.DisplayName), Dependencies: ReadMultiString(raw.Dependencies));
        });
        using var key = Registry.LocalMachine.OpenSubKey(ServicesKey + name);
        return new ServiceConfiguration(name, config.Image)
        {
            DisplayName = config.Display,
            StartType = config.Raw.StartType switch { 2 => ServiceStartType.Automatic, 4 => ServiceStartType.Disabled, _ => ServiceStartType.Manual },
            DelayedAutoStart = Query2(handle, name, ConfigDelayedAutoStart, b => Marshal.ReadInt32(b) != 0),
            Account = config.Account ?? "LocalSystem",
            Description = Query2(handle, name, ConfigDescription, b => Marshal.ReadIntPtr(b) is var text && text != IntPtr.Zero ? Marshal.PtrToStringUni(text) : null),
            FailureActions = Query2(handle, name, ConfigFailureActions, ReadFailureActions) is { } actions
                ? actions with { OnNonCrashFailures = Query2(handle, name, ConfigFailureActionsFlag, b => Marshal.ReadInt32(b) != 0) }
                : null,
            Environment = ValueList<string>.From(key?.GetValue("Environment") as string[] ?? Array.Empty<string>()),
            Dependencies = ValueList<string>.From(config.Dependencies),
            SidType = Query2(handle, name, ConfigServiceSidInfo, b => Marshal.ReadInt32(b) switch { 1 => "Unrestricted", 3 => "Restricted", _ => (string?)null }),
            RequiredPrivileges = ValueList<string>.From(Query2(handle, name, ConfigRequiredPrivileges, b => ReadMultiString(Marshal.ReadIntPtr(b))) ?? Array.Empty<string>()),
            StartPipes = Query2(handle, name, ConfigTriggerInfo, ReadStartPipes) ?? ValueList<string>.Empty,
            Managed = key?.GetValue(MarkerValue) is string,
        };
    }

    public IDisposable? Notify(IReadOnlyList<string> names, Action<int> changed) => ServiceNotifications.Start(names, changed, out _);

    /// <summary>The names of every Win32 service.</summary>
    public IReadOnlyList<string> Enumerate()
    {
        var names = new List<string>();
        var resume = 0;
        var size = 64 * 1024;
        while (true)
        {
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                var done = EnumServicesStatusEx(_manager, ScEnumProcessInfo, ServiceWin32, ServiceStateAll, buffer, size, out var needed, out var count, ref resume, null);
                var error = Marshal.GetLastWin32Error();
                var stride = Marshal.SizeOf<EnumServiceStatusProcess>();
                for (var i = 0; i < count; i++)
                {
                    var entry = Marshal.PtrToStructure<EnumServiceStatusProcess>(buffer + (i * stride));
                    names.Add(Marshal.PtrToStringUni(entry.ServiceName)!);
                }

                if (done)
                {
                    return names;
                }

                if (error != ErrorMoreData)
                {
                    throw Error("listing services", null, error);
                }

                size = Math.Max(size, needed);
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
    }

    /// <summary>The service's state, process and exit code; null when there is no such service.</summary>
    public ServiceRuntime? Status(string name)
    {
        var handle = OpenService(_manager, name, ServiceQueryStatus);
        if (handle == IntPtr.Zero)
        {
            return Marshal.GetLastWin32Error() == ErrorServiceDoesNotExist ? null : throw Error("opening", name);
        }

        try
        {
            if (!QueryServiceStatusEx(handle, ScStatusProcessInfo, out var status, Marshal.SizeOf<ServiceStatusProcess>(), out _))
            {
                throw Error("reading the status of", name);
            }

            return new ServiceRuntime(name, (ServiceRunState)status.CurrentState, status.ProcessId == 0 ? null : (int)status.ProcessId,
                (int)(status.Win32ExitCode == 1066 ? status.ServiceSpecificExitCode : status.Win32ExitCode))
            {
                Shared = (status.ServiceType & ServiceWin32ShareProcess) != 0,
            };
        }
        finally
        {
            CloseServiceHandle(handle);
        }
    }

    /// <summary>Starts the service with arguments (ServiceMain's argv after the name) and waits until it runs; running already is fine.</summary>
    public void Start(string name, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var handle = OpenOrThrow(name, ServiceAllAccess);
        try
        {
            if (!StartService(handle, arguments.Count, arguments.Count == 0 ? null : arguments.ToArray()) && Marshal.GetLastWin32Error() is var error && error != ErrorServiceAlreadyRunning)
            {
                throw Error("starting", name, error);
            }
        }
        finally
        {
            CloseServiceHandle(handle);
        }

        WaitFor(name, ServiceRunState.Running, timeout);
    }

    /// <summary>Stops the service and waits until it has stopped; not running is fine.</summary>
    public void Stop(string name, TimeSpan timeout)
    {
        var handle = OpenOrThrow(name, ServiceAllAccess);
        try
        {
            if (!ControlService(handle, ServiceControlStop, out _) && Marshal.GetLastWin32Error() is var error && error != ErrorServiceNotActive)
            {
                throw Error("stopping", name, error);
            }
        }
        finally
        {
            CloseServiceHandle(handle);
        }

        WaitFor(name, ServiceRunState.Stopped, timeout);
    }

    /// <summary>
    /// Deletes the service and waits, up to <paramref name="timeout"/>, until the SCM has let it go. DeleteService
    /// only marks a service for deletion; it goes once its process has exited and every handle to it is closed,
    /// and until then creating it again fails with "marked for deletion". A program that keeps a handle open
    /// (the Services console) can hold it past the timeout: the deletion then completes when that program closes.
    /// </summary>
    public void Delete(string name, TimeSpan timeout)
    {
        var handle = OpenOrThrow(name, ServiceAllAccess);
        try
        {
            if (!DeleteService(handle))
            {
                throw Error("deleting", name);
            }
        }
        finally
        {
            CloseServiceHandle(handle);
        }

        var clock = Stopwatch.StartNew();
        while (Status(name) is not null && clock.Elapsed < timeout)
        {
            Thread.Sleep(100);
        }
    }

    /// <summary>Waits out the pending states (start-, stop-, continue-, pause-pending) until the service reaches <paramref name="wanted"/>.</summary>
    private void WaitFor(string name, ServiceRunState wanted, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var state = Status(name)?.State ?? throw new JobNotFoundException(name);
            if (state == wanted)
            {
                return;
            }

            var pending = state is ServiceRunState.StartPending or ServiceRunState.StopPending or ServiceRunState.ContinuePending or ServiceRunState.PausePending;
            if (!pending && wanted == ServiceRunState.Running)
            {
                throw new PlatformException($"The service {name} stopped while starting (state {state}); see its event log.");
            }

            if (clock.Elapsed > timeout)
            {
                throw new PlatformException($"The service {name} did not reach {wanted} within {timeout.TotalSeconds:0} s; it is {state}.");
            }

            Thread.Sleep(100);
        }
    }

    private static uint StartType(ServiceStartType type) => type switch
    {
        ServiceStartType.Automatic => 2,
        ServiceStartType.Disabled => 4,
        _ => 3,
    };

    private static T WithPassword<T>(SecureString? password, Func<string?, T> call)
    {
        if (password is null)
        {
            return call(null);
        }

        var pointer = Marshal.SecureStringToGlobalAllocUnicode(password);
        try
        {
            return call(Marshal.PtrToStringUni(pointer));
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    private static T Buffer<T>(Func<IntPtr, int, (bool Done, int Needed)> call, string name, Func<IntPtr, T> read, int size = 4096)
    {
        while (true)
        {
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                var (done, needed) = call(buffer, size);
                if (done)
                {
                    return read(buffer);
                }

                var error = Marshal.GetLastWin32Error();
                if (error != ErrorInsufficientBuffer || needed <= size)
                {
                    throw Error("reading the configuration of", name, error);
                }

                size = needed;
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
    }

    private IntPtr OpenOrThrow(string name, uint access)
    {
        var handle = OpenService(_manager, name, access);
        return handle == IntPtr.Zero ? throw Error("opening", name) : handle;
    }

    /// <summary>Strings in the double-NUL-terminated form (dependencies, privileges); null for none, which leaves dependencies empty.</summary>
    private static string? MultiString(IReadOnlyCollection<string> items) => items.Count == 0 ? "\0" : string.Join("\0", items) + "\0\0";

    private static string[] ReadMultiString(IntPtr pointer)
    {
        var items = new List<string>();
        while (pointer != IntPtr.Zero && Marshal.PtrToStringUni(pointer) is { Length: > 0 } item)
        {
            items.Add(item);
            pointer += (item.Length + 1) * 2;
        }

        return items.ToArray();
    }

    private static Exception Error(string doing, string? name, int? code = null)
    {
        var error = code ?? Marshal.GetLastWin32Error();
        var what = name is null ? doing : $"{doing} the service {name}";
        var inner = new Win32Exception(error);
        return error switch
        {
            ErrorServiceExists when name is not null => new JobExistsException(name),
            ErrorServiceDoesNotExist when name is not null => new JobNotFoundException(name),
            ErrorAccessDenied => new PermissionDeniedException($"Access is denied {what}; run as an administrator.", inner),
            ErrorServiceMarkedForDelete => new PlatformException($"The service {name} is marked for deletion: a program still holds it open (the Services console, Task Manager, a debugger). Close them, or restart Windows, then try again.", inner),
            _ => new PlatformException($"Failed {what}: {inner.Message} (Win32 error {error}).", inner),
        };
    }
}
