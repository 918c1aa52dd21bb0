using System.Globalization;
using System.Runtime.ExceptionServices;
using ServiceManagement.Errors;
using ServiceManagement.IO;
using ServiceManagement.Platforms.DBus;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>How svcmgmt reaches systemd managers: SVCMGMT_SYSTEMD_TRANSPORT = auto (the default), bus or systemctl.</summary>
internal enum SystemdTransport
{
    /// <summary>The manager's D-Bus API where it can be reached, else systemctl.</summary>
    Auto,

    /// <summary>The D-Bus API only; a manager it cannot reach is an error (tests use it to prove the path taken).</summary>
    Bus,

    /// <summary>systemctl processes only.</summary>
    Systemctl,
}

/// <summary>
/// The one place that decides how a systemd manager is talked to. A running manager is reached through
/// its D-Bus API on its private socket — /run/systemd/private for the system manager (root only: others
/// need the system bus and polkit, which systemctl handles), /run/user/UID/systemd/private for a user's
/// (its user, or root, which systemd lets in as well) — one connection per operation, requests pipelined.
/// Everything else goes through systemctl: units for every user (<c>--global</c>), an offline image
/// (<c>--root</c>), a socket that does not answer, and a machine without the socket.
/// </summary>
internal sealed class SystemdSupervisor
{
    public const string TransportVariable = "SVCMGMT_SYSTEMD_TRANSPORT";

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NothingListed = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    private readonly SystemctlSupervisor _systemctl;
    private readonly LinuxLayout _layout;
    private readonly SystemdTransport _transport;

    /// <summary>The connection to each manager while <see cref="KeepConnections"/> holds them (null for one reached through systemctl).</summary>
    private Dictionary<SystemdManager, SystemdBus?>? _kept;

    /// <summary>Whether the kept connections remember the status they read (see <see cref="FollowStatus"/>).</summary>
    private bool _remembering;

    /// <summary>Connections being opened on a thread of their own (<see cref="OpenAhead"/>), until the first operation on their manager takes them.</summary>
    private readonly Dictionary<SystemdManager, OpeningConnection> _opening = new();

    public SystemdSupervisor(ICommandRunner runner, LinuxLayout layout, SystemdTransport transport)
    {
        _systemctl = new SystemctlSupervisor(runner, layout);
        _layout = layout;
        _transport = transport;
    }

    /// <summary>The transport SVCMGMT_SYSTEMD_TRANSPORT names; anything else is a typed error naming the choices.</summary>
    public static SystemdTransport TransportFromEnvironment() =>
        Environment.GetEnvironmentVariable(TransportVariable) switch
        {
            null or "" or "auto" => SystemdTransport.Auto,
            "bus" => SystemdTransport.Bus,
            "systemctl" => SystemdTransport.Systemctl,
            var other => throw new PlatformException($"{TransportVariable} is '{other}'; it may be auto, bus or systemctl."),
        };

    /// <inheritdoc cref="SystemctlSupervisor.IsRunning"/>
    public bool IsRunning(SystemdManager manager) => _systemctl.IsRunning(manager);

    /// <inheritdoc cref="SystemctlSupervisor.RequireRunning"/>
    public void RequireRunning(SystemdManager manager, bool linger) => _systemctl.RequireRunning(manager, linger);

    /// <inheritdoc cref="SystemctlSupervisor.ApplyOffline"/>
    public void ApplyOffline(SystemdManager manager, JobAction action, IReadOnlyList<string> units) => _systemctl.ApplyOffline(manager, action, units);

    /// <summary>daemon-reload of a running manager (units for every user have none to reload).</summary>
    public void Reload(SystemdManager manager)
    {
        if (!manager.IsGlobal && IsRunning(manager))
        {
            IO.CrashPoints.Step("daemon-reload");
            Through(manager, bus => bus.Reload(), () => _systemctl.Reload(manager));
        }
    }

    /// <inheritdoc cref="SystemctlSupervisor.Apply"/>
    public void Apply(SystemdManager manager, JobAction action, IReadOnlyList<string> units, bool now = false, bool reload = true)
    {
        if (units.Count == 0)
        {
            return;
        }

        IO.CrashPoints.Step(Verb(action) + " " + Describe(units));
        Through(
            manager,
            bus =>
            {
                switch (action)
                {
                    case JobAction.Enable:
                        bus.Enable(units, reload);
                        if (now)
                        {
                            bus.Run(JobAction.Start, units);
                        }

                        break;
                    case JobAction.Disable:
                        bus.Disable(units, reload);
                        if (now)
                        {
                            bus.Run(JobAction.Stop, units);
                        }

                        break;
                    default:
                        bus.Run(action, units);
                        break;
                }
            },
            () => _systemctl.Apply(manager, action, units, now, reload));
    }

    /// <summary>An action as systemctl's verb, and as messages name it.</summary>
    internal static string Verb(JobAction action) => action.ToString().ToLowerInvariant();

    /// <summary>
    /// The status properties of every unit asked for, read only of the units the manager has loaded: an
    /// unloaded unit has no process, figures or exit to show (and systemctl show costs milliseconds a unit).
    /// Over the bus in one pipelined batch; through systemctl, one list-units and one show.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Status(SystemdManager manager, IReadOnlyList<string> units)
    {
        if (units.Count == 0)
        {
            return new Dictionary<string, IReadOnlyDictionary<string, string>>();
        }

        var (loaded, shown) = Through(manager, bus => (NothingListed, bus.Show(units)), () =>
        {
            var listed = _systemctl.ListUnits(manager);
            return (listed, _systemctl.Show(manager, units.Where(listed.ContainsKey).ToList()));
        });
        return units.ToDictionary(u => u, u => shown.TryGetValue(u, out var details) ? details : Listed(loaded, u), StringComparer.Ordinal);
    }

    /// <inheritdoc cref="SystemdBus.ListUnits"/>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ListUnits(SystemdManager manager) =>
        Through(manager, bus => bus.ListUnits(), () => _systemctl.ListUnits(manager));

    /// <summary>A unit's states from a listing of the loaded units; one it does not list was unloaded, so inactive.</summary>
    internal static IReadOnlyDictionary<string, string> Listed(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> loaded, string unit) =>
        loaded.TryGetValue(unit, out var found) ? found : new Dictionary<string, string> { ["LoadState"] = "loaded", ["ActiveState"] = "inactive", ["SubState"] = "dead" };

    /// <summary>
    /// Whether systemd's message says the unit is not there (not loaded, no such file): stopping or disabling
    /// such a unit counts as done, on either path.
    /// </summary>
    internal static bool SaysNotLoaded(string message) =>
        message.Contains("not loaded") || message.Contains("does not exist") || message.Contains("not found");

    /// <summary>Units named in a message: all of a few, the first three of many.</summary>
    internal static string Describe(IReadOnlyList<string> units) =>
        units.Count <= 3 ? string.Join(" ", units) : $"{string.Join(" ", units.Take(3))} and {units.Count - 3} more units";

    internal static string RuntimeDirectory(PosixUser user) => "/run/user/" + user.Id.ToString(CultureInfo.InvariantCulture);

    private void Through(SystemdManager manager, Action<SystemdBus> bus, Action systemctl) =>
        Through<bool>(manager, b => { bus(b); return true; }, () => { systemctl(); return true; });

    /// <summary>
    /// Keeps one connection per manager until disposed: everything an apply does to a manager — status, links,
    /// the reload, the jobs — goes over one handshake. A call that fails drops its connection (it may have been
    /// left mid-message), and the next one opens another. Nested, the outermost holds.
    /// </summary>
    public IDisposable KeepConnections()
    {
        if (_kept is not null)
        {
            return new Release(null);
        }

        _kept = new Dictionary<SystemdManager, SystemdBus?>();
        return new Release(this);
    }

    /// <summary>
    /// As <see cref="KeepConnections"/>, and each connection remembers the status properties it read until systemd
    /// announces a change of the unit (see <see cref="SystemdBus.RememberStatus"/>): for a view that reads the same
    /// units every interval, where the unchanged properties of 200 services, read again, were most of its CPU time.
    /// Not nested in another hold: its connections would not remember.
    /// </summary>
    public IDisposable FollowStatus()
    {
        if (_kept is not null)
        {
            throw new InvalidOperationException("Status is followed on connections of its own, not inside another KeepConnections.");
        }

        var release = KeepConnections();
        _remembering = true;
        return release;
    }

    /// <summary>
    /// While connections are kept, opens the manager's connection on a thread of its own, which also lists the
    /// manager's loaded units (<see cref="SystemdBus.ListAhead"/>): the handshake and the listing, a round trip
    /// each, are waited for by that thread while the caller reads and checks files, and the first operation on the
    /// manager finds both done (svcmgmt dsc test: 3 ms of its 13). Where connections are not kept, or the manager
    /// is not reached over its bus, nothing.
    /// </summary>
    public void OpenAhead(SystemdManager manager)
    {
        if (_kept is null || _kept.ContainsKey(manager) || _opening.ContainsKey(manager) || _transport == SystemdTransport.Systemctl || SocketOf(manager) is null || !IsRunning(manager))
        {
            return;
        }

        _opening[manager] = new OpeningConnection(() =>
        {
            var bus = Open(manager);
            try
            {
                bus?.ListAhead();
                return bus;
            }
            catch
            {
                bus?.Dispose();
                throw;
            }
        });
    }

    private T Through<T>(SystemdManager manager, Func<SystemdBus, T> bus, Func<T> systemctl)
    {
        if (_kept is null)
        {
            using var connection = Open(manager);
            return connection is null ? systemctl() : bus(connection);
        }

        if (!_kept.TryGetValue(manager, out var kept))
        {
            _kept[manager] = kept = _opening.TryGetValue(manager, out var opening) && _opening.Remove(manager) ? opening.Take() : Open(manager);
            if (_remembering && kept is not null)
            {
                try
                {
                    kept.RememberStatus();
                }
                catch
                {
                    _kept.Remove(manager);
                    kept.Dispose();
                    throw;
                }
            }
        }

        if (kept is null)
        {
            return systemctl();
        }

        try
        {
            return bus(kept);
        }
        catch
        {
            _kept.Remove(manager);
            kept.Dispose();
            throw;
        }
    }

    private sealed class Release : IDisposable
    {
        private SystemdSupervisor? _owner;

        public Release(SystemdSupervisor? owner) => _owner = owner;

        public void Dispose()
        {
            if (_owner?._kept is { } kept)
            {
                _owner._kept = null;
                _owner._remembering = false;
                foreach (var connection in kept.Values)
                {
                    connection?.Dispose();
                }

                foreach (var opening in _owner._opening.Values)
                {
                    opening.Abandon();
                }

                _owner._opening.Clear();
            }

            _owner = null;
        }
    }

    /// <summary>A connection of its own to the manager's D-Bus API (for watching its units); null where it cannot be reached (over systemctl there are no events).</summary>
    public SystemdBus? Connect(SystemdManager manager) => Open(manager);

    /// <summary>The manager's private socket where this user may use it; null for units of every user.</summary>
    private string? SocketOf(SystemdManager manager) => manager switch
    {
        { IsGlobal: true } => null,
        { User: { } user } => _layout.IsRoot || user.Id == _layout.CurrentUser.Id ? Path.Combine(RuntimeDirectory(user), "systemd", "private") : null,
        _ => _layout.IsRoot ? "/run/systemd/private" : null,
    };

    private SystemdBus? Open(SystemdManager manager)
    {
        if (_transport == SystemdTransport.Systemctl || manager.IsGlobal)
        {
            return null;
        }

        var socket = SocketOf(manager);
        string? whyNot = "only root may use the system manager's private socket, or another user's";
        var bus = socket is null ? null : SystemdBus.TryOpen(_layout.PathOf(socket), (uint)Posix.EffectiveUserId, out whyNot);
        return bus is null && _transport == SystemdTransport.Bus
            ? throw new PlatformException($"{TransportVariable}=bus, and the manager's D-Bus API cannot be reached: {whyNot}.")
            : bus;
    }

    /// <summary>A connection opened by a thread of its own; what the thread ended with — the connection, none, or its exception — goes to whoever takes it.</summary>
    private sealed class OpeningConnection
    {
        private readonly Thread _thread;
        private SystemdBus? _bus;
        private ExceptionDispatchInfo? _failure;

        public OpeningConnection(Func<SystemdBus?> open)
        {
            _thread = new Thread(() =>
            {
                try
                {
                    _bus = open();
                }
                catch (Exception ex)
                {
                    _failure = ExceptionDispatchInfo.Capture(ex);
                }
            })
            { IsBackground = true, Name = "svcmgmt open ahead" };
            _thread.Start();
        }

        public SystemdBus? Take()
        {
            _thread.Join();
            _failure?.Throw();
            return _bus;
        }

        /// <summary>Not taken: the connection is closed once open.</summary>
        public void Abandon()
        {
            _thread.Join();
            _bus?.Dispose();
        }
    }
}
