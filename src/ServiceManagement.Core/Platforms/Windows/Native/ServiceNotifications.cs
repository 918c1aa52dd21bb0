using System.Runtime.InteropServices;
using static ServiceManagement.Platforms.Windows.Native.Advapi32;

namespace ServiceManagement.Platforms.Windows.Native;

/// <summary>
/// Services' state changes as the service control manager announces them (NotifyServiceStatusChangeW), on a
/// thread of its own: the manager delivers each announcement as an APC to the thread that asked for it, so that
/// thread registers one notification per service and waits alertably; a notification fires once, and is
/// registered again after it fires. Closing the service handle cancels what is pending (on Windows; Wine 8 keeps a
/// pending notification, and with it the service, until the asking process ends — a service deleted meanwhile goes then).
/// </summary>
internal sealed class ServiceNotifications : IDisposable
{
    /// <summary>Every state a service handle can announce: stopped, start/stop pending, running, continue/pause pending, paused, deleted, delete pending.</summary>
    private const uint EveryState = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x100 | 0x200;

    /// <summary>How often the waiting thread looks up from its alertable wait for a request to stop.</summary>
    private static readonly TimeSpan Wake = TimeSpan.FromMilliseconds(100);

    // Kept alive for the process: the manager calls it through its pointer.
    private static readonly NotifyCallback Callback = Notified;
    private static readonly IntPtr CallbackPointer = Marshal.GetFunctionPointerForDelegate(Callback);

    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _ready = new();
    private string? _whyNot;

    private ServiceNotifications(IReadOnlyList<string> names, Action<int> changed)
    {
        _thread = new Thread(() => Listen(names, changed)) { IsBackground = true, Name = "service notifications" };
    }

    [UnmanagedFunctionPointer(CallingConvention.Winapi)]
    private delegate void NotifyCallback(IntPtr notify);

    /// <summary>
    /// Starts listening to the services <paramref name="names"/>; <paramref name="changed"/> is called (on the listening
    /// thread) with the index of each that announces a change. Null, with why, when the manager cannot notify.
    /// </summary>
    public static ServiceNotifications? Start(IReadOnlyList<string> names, Action<int> changed, out string? whyNot)
    {
        var notifications = new ServiceNotifications(names, changed);
        notifications._thread.Start();
        notifications._ready.Wait();
        whyNot = notifications._whyNot;
        if (whyNot is null)
        {
            return notifications;
        }

        notifications.Dispose();
        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _ready.Dispose();
    }

    private static void Notified(IntPtr notify)
    {
        var context = Marshal.PtrToStructure<ServiceNotify>(notify).Context;
        ((Registration)GCHandle.FromIntPtr(context).Target!).Fired = true;
    }

    private void Listen(IReadOnlyList<string> names, Action<int> changed)
    {
        var manager = OpenSCManager(null, null, ScManagerConnect);
        var registrations = new List<Registration>();
        try
        {
            if (manager == IntPtr.Zero)
            {
                _whyNot = $"the service control manager could not be opened (Win32 error {Marshal.GetLastWin32Error()})";
                return;
            }

            for (var i = 0; i < names.Count; i++)
            {
                var registration = new Registration(i, OpenService(manager, names[i], ServiceQueryStatus));
                registrations.Add(registration);
                var error = registration.Service == IntPtr.Zero ? (uint)Marshal.GetLastWin32Error() : registration.Register();
                if (error != 0)
                {
                    _whyNot = $"{names[i]} cannot be watched by notification (Win32 error {error})";
                    return;
                }
            }

            _ready.Set();
            while (!_stop.IsCancellationRequested)
            {
                SleepEx((uint)Wake.TotalMilliseconds, alertable: true);
                foreach (var registration in registrations.Where(r => r.Fired))
                {
                    registration.Fired = false;
                    changed(registration.Index);
                    registration.Register();
                }
            }
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Close();
            }

            // An announcement already queued runs now, while its buffer is still allocated; none can follow a closed handle.
            SleepEx(0, alertable: true);
            foreach (var registration in registrations)
            {
                registration.Free();
            }

            if (manager != IntPtr.Zero)
            {
                CloseServiceHandle(manager);
            }

            _ready.Set();
        }
    }

    /// <summary>One service's notification: its handle, the buffer the manager fills, and whether it fired.</summary>
    private sealed class Registration
    {
        private readonly IntPtr _buffer = Marshal.AllocHGlobal(Marshal.SizeOf<ServiceNotify>());
        private GCHandle _self;

        public Registration(int index, IntPtr service)
        {
            Index = index;
            Service = service;
            _self = GCHandle.Alloc(this);
        }

        public int Index { get; }

        public IntPtr Service { get; private set; }

        public bool Fired { get; set; }

        /// <summary>Asks for the next change; the Win32 error, 0 when asked.</summary>
        public uint Register()
        {
            Marshal.StructureToPtr(new ServiceNotify { Version = ServiceNotifyStatusChange, Callback = CallbackPointer, Context = GCHandle.ToIntPtr(_self) }, _buffer, false);
            return NotifyServiceStatusChange(Service, EveryState, _buffer);
        }

        public void Close()
        {
            if (Service != IntPtr.Zero)
            {
                CloseServiceHandle(Service);
                Service = IntPtr.Zero;
            }
        }

        public void Free()
        {
            Marshal.FreeHGlobal(_buffer);
            _self.Free();
        }
    }
}
