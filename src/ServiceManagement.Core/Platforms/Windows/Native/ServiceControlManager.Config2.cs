using System.Runtime.InteropServices;
using Microsoft.Win32;
using ServiceManagement.Model;
using static ServiceManagement.Platforms.Windows.Native.Advapi32;

namespace ServiceManagement.Platforms.Windows.Native;

/// <summary>ChangeServiceConfig2 and QueryServiceConfig2 (description, delayed auto-start, failure actions and their flag, service SID type, required privileges), and the values of the service's registry key: its environment and our marker.</summary>
internal sealed partial class ServiceControlManager
{
    /// <summary>
    /// The ChangeServiceConfig2 settings and the registry values: description, delayed start, failure actions,
    /// SID type, privileges, environment, marker. A level is written only when it differs from what the
    /// service has, so that a system without that level (Wine has no delayed start) fails only when a
    /// setting it cannot hold is actually asked for.
    /// </summary>
    private static void ConfigureMore(IntPtr handle, ServiceConfiguration service)
    {
        var current = QueryHandle(handle, service.ServiceName);
        if (current.Description != service.Description)
        {
            Set(handle, service.ServiceName, ConfigDescription, Marshal.SizeOf<IntPtr>(), buffer => Marshal.WriteIntPtr(buffer, Marshal.StringToHGlobalUni(service.Description ?? string.Empty)), buffer => Marshal.FreeHGlobal(Marshal.ReadIntPtr(buffer)));
        }

        if (current.DelayedAutoStart != service.DelayedAutoStart)
        {
            Set(handle, service.ServiceName, ConfigDelayedAutoStart, 4, buffer => Marshal.WriteInt32(buffer, service.DelayedAutoStart ? 1 : 0), null);
        }

        if ((current.FailureActions?.ResetPeriodSeconds, current.FailureActions?.Actions) != (service.FailureActions?.ResetPeriodSeconds, service.FailureActions?.Actions))
        {
            SetFailureActions(handle, service);
        }

        if ((current.FailureActions?.OnNonCrashFailures ?? false) != (service.FailureActions?.OnNonCrashFailures ?? false))
        {
            Set(handle, service.ServiceName, ConfigFailureActionsFlag, 4, buffer => Marshal.WriteInt32(buffer, service.FailureActions?.OnNonCrashFailures == true ? 1 : 0), null);
        }

        if (service.SidType is { } sidType && current.SidType != sidType)
        {
            Set(handle, service.ServiceName, ConfigServiceSidInfo, 4, buffer => Marshal.WriteInt32(buffer, sidType switch { "Unrestricted" => 1, "Restricted" => 3, _ => 0 }), null);
        }

        if (!current.RequiredPrivileges.SequenceEqual(service.RequiredPrivileges))
        {
            Set(handle, service.ServiceName, ConfigRequiredPrivileges, Marshal.SizeOf<IntPtr>(), buffer => Marshal.WriteIntPtr(buffer, Marshal.StringToHGlobalUni(MultiString(service.RequiredPrivileges))), buffer => Marshal.FreeHGlobal(Marshal.ReadIntPtr(buffer)));
        }

        using var key = Registry.LocalMachine.CreateSubKey(ServicesKey + service.ServiceName);
        if (service.Environment.Count > 0)
        {
            key.SetValue("Environment", service.Environment.ToArray(), RegistryValueKind.MultiString);
        }
        else if (key.GetValue("Environment") is not null)
        {
            key.DeleteValue("Environment");
        }

        if (service.Managed)
        {
            key.SetValue(MarkerValue, "managed", RegistryValueKind.String);
        }
    }

    private static void SetFailureActions(IntPtr handle, ServiceConfiguration service)
    {
        var actions = service.FailureActions?.Actions ?? ValueList<ServiceFailureAction>.Empty;
        var actionArray = Marshal.AllocHGlobal(Math.Max(1, actions.Count) * Marshal.SizeOf<ScAction>());
        try
        {
            for (var i = 0; i < actions.Count; i++)
            {
                Marshal.StructureToPtr(new ScAction { Type = actions[i].Restart ? 1u : 0u, Delay = (uint)actions[i].DelayMilliseconds }, actionArray + (i * Marshal.SizeOf<ScAction>()), false);
            }

            Set(handle, service.ServiceName, ConfigFailureActions, Marshal.SizeOf<Advapi32.ServiceFailureActions>(), buffer => Marshal.StructureToPtr(new Advapi32.ServiceFailureActions
            {
                ResetPeriod = (uint)(service.FailureActions?.ResetPeriodSeconds ?? 0),
                ActionCount = (uint)actions.Count,
                Actions = actions.Count == 0 ? IntPtr.Zero : actionArray,
            }, buffer, false), null);
        }
        finally
        {
            Marshal.FreeHGlobal(actionArray);
        }
    }

    private static void Set(IntPtr handle, string name, int level, int size, Action<IntPtr> fill, Action<IntPtr>? release)
    {
        var buffer = Marshal.AllocHGlobal(size);
        try
        {
            fill(buffer);
            if (!ChangeServiceConfig2(handle, level, buffer))
            {
                throw Error($"configuring (level {level})", name);
            }
        }
        finally
        {
            release?.Invoke(buffer);
            Marshal.FreeHGlobal(buffer);
        }
    }

    /// <summary>A QueryServiceConfig2 level, or the type's default when the system does not support it (Wine lacks some).</summary>
    private static T? Query2<T>(IntPtr handle, string name, int level, Func<IntPtr, T?> read)
    {
        if (!QueryServiceConfig2(handle, level, IntPtr.Zero, 0, out var needed) && Marshal.GetLastWin32Error() is var first && first != ErrorInsufficientBuffer)
        {
            return first is 50 or 87 or 120 or 124 ? default : throw Error($"reading (level {level}) of", name, first);
        }

        return Buffer((buffer, size) => (QueryServiceConfig2(handle, level, buffer, size, out var more), more), name, read, Math.Max(needed, 8));
    }

    private static ServiceFailureActions? ReadFailureActions(IntPtr buffer)
    {
        var raw = Marshal.PtrToStructure<Advapi32.ServiceFailureActions>(buffer);
        if (raw.ActionCount == 0 || raw.Actions == IntPtr.Zero)
        {
            return null;
        }

        var actions = Enumerable.Range(0, (int)raw.ActionCount)
            .Select(i => Marshal.PtrToStructure<ScAction>(raw.Actions + (i * Marshal.SizeOf<ScAction>())))
            .Select(a => new ServiceFailureAction(a.Type == 1, (int)a.Delay));
        return new ServiceFailureActions((int)raw.ResetPeriod, ValueList<ServiceFailureAction>.From(actions));
    }
}
