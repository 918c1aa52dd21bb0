using System.Runtime.InteropServices;
using Microsoft.Win32;
using ServiceManagement.Model;
using static ServiceManagement.Platforms.Windows.Native.Advapi32;

namespace ServiceManagement.Platforms.Windows.Native;

/// <summary>ChangeServiceConfig2 and QueryServiceConfig2 (description, delayed auto-start, failure actions and their flag, service SID type, required privileges, start triggers on named pipes), and the values of the service's registry key: its environment and our marker.</summary>
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

        if (!current.StartPipes.SequenceEqual(service.StartPipes))
        {
            SetStartPipes(handle, service);
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

    /// <summary>
    /// The service's triggers: one start trigger per named pipe (none removes them all). Every structure lives in one
    /// block: the trigger info, the triggers, their data items, the pipe-event GUID and the names (UTF-16, NUL-ended).
    /// </summary>
    private static void SetStartPipes(IntPtr handle, ServiceConfiguration service)
    {
        var pipes = service.StartPipes;
        var (infoSize, triggerSize, itemSize) = (Marshal.SizeOf<ServiceTriggerInfo>(), Marshal.SizeOf<ServiceTrigger>(), Marshal.SizeOf<ServiceTriggerDataItem>());
        var names = pipes.Select(p => System.Text.Encoding.Unicode.GetBytes(p + "\0")).ToList();
        var block = Marshal.AllocHGlobal(infoSize + (pipes.Count * (triggerSize + itemSize)) + 16 + names.Sum(n => n.Length));
        try
        {
            var triggers = block + infoSize;
            var items = triggers + (pipes.Count * triggerSize);
            var guid = items + (pipes.Count * itemSize);
            Marshal.Copy(NamedPipeEvent.ToByteArray(), 0, guid, 16);
            var text = guid + 16;
            for (var i = 0; i < pipes.Count; i++)
            {
                Marshal.Copy(names[i], 0, text, names[i].Length);
                Marshal.StructureToPtr(new ServiceTriggerDataItem { DataType = TriggerDataTypeString, DataSize = (uint)names[i].Length, Data = text }, items + (i * itemSize), false);
                Marshal.StructureToPtr(new ServiceTrigger { TriggerType = TriggerTypeNetworkEndpoint, Action = TriggerActionServiceStart, Subtype = guid, DataItemCount = 1, DataItems = items + (i * itemSize) }, triggers + (i * triggerSize), false);
                text += names[i].Length;
            }

            Marshal.StructureToPtr(new ServiceTriggerInfo { TriggerCount = (uint)pipes.Count, Triggers = pipes.Count == 0 ? IntPtr.Zero : triggers }, block, false);
            if (!ChangeServiceConfig2(handle, ConfigTriggerInfo, block))
            {
                throw Error($"configuring (level {ConfigTriggerInfo}: start triggers)", service.ServiceName);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>The named pipes whose opening starts the service, of its triggers; other triggers are not ours to read.</summary>
    private static ValueList<string> ReadStartPipes(IntPtr buffer)
    {
        var info = Marshal.PtrToStructure<ServiceTriggerInfo>(buffer);
        var pipes = new List<string>();
        for (var i = 0; i < info.TriggerCount && info.Triggers != IntPtr.Zero; i++)
        {
            var trigger = Marshal.PtrToStructure<ServiceTrigger>(info.Triggers + (i * Marshal.SizeOf<ServiceTrigger>()));
            if (trigger.TriggerType != TriggerTypeNetworkEndpoint || trigger.Action != TriggerActionServiceStart || trigger.Subtype == IntPtr.Zero || trigger.DataItemCount != 1 || trigger.DataItems == IntPtr.Zero)
            {
                continue;
            }

            var subtype = new byte[16];
            Marshal.Copy(trigger.Subtype, subtype, 0, 16);
            var item = Marshal.PtrToStructure<ServiceTriggerDataItem>(trigger.DataItems);
            if (new Guid(subtype) == NamedPipeEvent && item.DataType == TriggerDataTypeString && item.Data != IntPtr.Zero && item.DataSize is > 0 and < 65536)
            {
                pipes.Add(Marshal.PtrToStringUni(item.Data, (int)item.DataSize / 2).TrimEnd('\0'));
            }
        }

        return ValueList<string>.From(pipes);
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
