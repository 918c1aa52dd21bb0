using System.Runtime.InteropServices;

namespace ServiceManagement.Platforms.Windows.Native;

/// <summary>The service control manager's functions and structures (winsvc.h), as advapi32 exports them.</summary>
internal static class Advapi32
{
    public const uint ScManagerAllAccess = 0xF003F;
    public const uint ScManagerConnect = 0x0001;
    public const uint ScManagerEnumerate = 0x0004;
    public const uint ServiceAllAccess = 0xF01FF;
    public const uint ServiceQueryConfig = 0x0001;
    public const uint ServiceQueryStatus = 0x0004;
    public const uint ServiceWin32OwnProcess = 0x10;
    public const uint ServiceWin32 = 0x30;
    public const uint ServiceStateAll = 0x3;
    public const uint ServiceErrorNormal = 1;
    public const uint ServiceNoChange = 0xFFFFFFFF;
    public const uint ServiceControlStop = 1;
    public const int ScStatusProcessInfo = 0;
    public const int ScEnumProcessInfo = 0;

    public const int ConfigDescription = 1;
    public const int ConfigFailureActions = 2;
    public const int ConfigDelayedAutoStart = 3;
    public const int ConfigFailureActionsFlag = 4;
    public const int ConfigServiceSidInfo = 5;
    public const int ConfigRequiredPrivileges = 6;
    public const int ConfigTriggerInfo = 8;

    /// <summary>A trigger on a network endpoint (a named pipe here), whose action starts the service, with a string as its data.</summary>
    public const uint TriggerTypeNetworkEndpoint = 6;
    public const uint TriggerActionServiceStart = 1;
    public const uint TriggerDataTypeString = 2;

    /// <summary>NAMED_PIPE_EVENT_GUID: the first attempt to open the named pipe the trigger's data names.</summary>
    public static readonly Guid NamedPipeEvent = new("1F81D131-3FAC-4537-9E0C-7E7B0C2F4B55");

    public const int ErrorAccessDenied = 5;
    public const int ErrorInsufficientBuffer = 122;
    public const int ErrorMoreData = 234;
    public const uint ServiceWin32ShareProcess = 0x20;
    public const int ErrorServiceAlreadyRunning = 1056;
    public const int ErrorServiceDoesNotExist = 1060;
    public const int ErrorServiceNotActive = 1062;
    public const int ErrorServiceMarkedForDelete = 1072;
    public const int ErrorServiceExists = 1073;

    /// <summary>SERVICE_NOTIFY_STATUS_CHANGE: the version of <see cref="ServiceNotify"/> in use.</summary>
    public const uint ServiceNotifyStatusChange = 2;

    /// <summary>SERVICE_NOTIFY_2: what NotifyServiceStatusChangeW fills and hands its callback.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceNotify
    {
        public uint Version;
        public IntPtr Callback;
        public IntPtr Context;
        public uint NotificationStatus;
        public ServiceStatusProcess ServiceStatus;
        public uint NotificationTriggered;
        public IntPtr ServiceNames;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceTriggerInfo
    {
        public uint TriggerCount;
        public IntPtr Triggers;
        public IntPtr Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceTrigger
    {
        public uint TriggerType;
        public uint Action;
        public IntPtr Subtype;
        public uint DataItemCount;
        public IntPtr DataItems;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceTriggerDataItem
    {
        public uint DataType;
        public uint DataSize;
        public IntPtr Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceStatusProcess
    {
        public uint ServiceType;
        public uint CurrentState;
        public uint ControlsAccepted;
        public uint Win32ExitCode;
        public uint ServiceSpecificExitCode;
        public uint CheckPoint;
        public uint WaitHint;
        public uint ProcessId;
        public uint ServiceFlags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceStatus
    {
        public uint ServiceType;
        public uint CurrentState;
        public uint ControlsAccepted;
        public uint Win32ExitCode;
        public uint ServiceSpecificExitCode;
        public uint CheckPoint;
        public uint WaitHint;
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public struct QueryServiceConfig
    {
        public uint ServiceType;
        public uint StartType;
        public uint ErrorControl;
        public IntPtr BinaryPathName;
        public IntPtr LoadOrderGroup;
        public uint TagId;
        public IntPtr Dependencies;
        public IntPtr ServiceStartName;
        public IntPtr DisplayName;
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public struct EnumServiceStatusProcess
    {
        public IntPtr ServiceName;
        public IntPtr DisplayName;
        public ServiceStatusProcess Status;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceFailureActions
    {
        public uint ResetPeriod;
        public IntPtr RebootMessage;
        public IntPtr Command;
        public uint ActionCount;
        public IntPtr Actions;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ScAction
    {
        public uint Type;
        public uint Delay;
    }

    /// <summary>Asks for one announcement of the service's next change among <paramref name="mask"/>'s states; the Win32 error, 0 when asked.</summary>
    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "NotifyServiceStatusChangeW")]
    public static extern uint NotifyServiceStatusChange(IntPtr service, uint mask, IntPtr notify);

    /// <summary>Waits, running the APCs queued to this thread when <paramref name="alertable"/>.</summary>
    [DllImport("kernel32.dll")]
    public static extern uint SleepEx(uint milliseconds, bool alertable);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "OpenSCManagerW")]
    public static extern IntPtr OpenSCManager(string? machineName, string? databaseName, uint desiredAccess);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "OpenServiceW")]
    public static extern IntPtr OpenService(IntPtr manager, string serviceName, uint desiredAccess);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "CreateServiceW")]
    public static extern IntPtr CreateService(IntPtr manager, string serviceName, string displayName, uint desiredAccess, uint serviceType, uint startType,
        uint errorControl, string binaryPathName, string? loadOrderGroup, IntPtr tagId, string? dependencies, string? serviceStartName, string? password);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "ChangeServiceConfigW")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ChangeServiceConfig(IntPtr service, uint serviceType, uint startType, uint errorControl, string? binaryPathName,
        string? loadOrderGroup, IntPtr tagId, string? dependencies, string? serviceStartName, string? password, string? displayName);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "ChangeServiceConfig2W")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ChangeServiceConfig2(IntPtr service, int infoLevel, IntPtr info);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "QueryServiceConfigW")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool QueryServiceConfigNative(IntPtr service, IntPtr buffer, int bufferSize, out int bytesNeeded);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "QueryServiceConfig2W")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool QueryServiceConfig2(IntPtr service, int infoLevel, IntPtr buffer, int bufferSize, out int bytesNeeded);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "StartServiceW")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool StartService(IntPtr service, int argumentCount, string[]? arguments);

    [DllImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ControlService(IntPtr service, uint control, out ServiceStatus status);

    [DllImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool QueryServiceStatusEx(IntPtr service, int infoLevel, out ServiceStatusProcess status, int bufferSize, out int bytesNeeded);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "EnumServicesStatusExW")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool EnumServicesStatusEx(IntPtr manager, int infoLevel, uint serviceType, uint serviceState, IntPtr buffer, int bufferSize,
        out int bytesNeeded, out int servicesReturned, ref int resumeHandle, string? groupName);

    [DllImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool DeleteService(IntPtr service);

    [DllImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool CloseServiceHandle(IntPtr handle);
}
