using System.Globalization;
using ServiceManagement.Errors;
using ServiceManagement.Platforms.DBus;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// One systemd manager through its D-Bus API (org.freedesktop.systemd1(5)) on a private connection: the
/// same operations, and the same answers, as the systemctl path, without a process per call. Requests are
/// pipelined: every call of a batch is sent before the first reply is read.
/// </summary>
internal sealed class SystemdBus : IDisposable
{
    private const string ManagerPath = "/org/freedesktop/systemd1";
    private const string ManagerInterface = "org.freedesktop.systemd1.Manager";

    /// <summary>The longest a start, stop or restart is waited for; a unit's own timeouts normally end it far sooner.</summary>
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);

    private readonly DBusConnection _connection;

    private SystemdBus(DBusConnection connection, string address)
    {
        _connection = connection;
        Address = address;
    }

    public string Address { get; }

    public static SystemdBus? TryOpen(string socketPath, uint userId, out string? whyNot) =>
        DBusConnection.TryOpen(socketPath, userId, out whyNot) is { } connection ? new SystemdBus(connection, socketPath) : null;

    /// <summary>The listing <see cref="ListAhead"/> read, and the request that read it.</summary>
    private (uint Serial, IReadOnlyList<object[]> Rows)? _listedAhead;

    /// <summary>
    /// Lists the loaded units now, for the first listing asked of this connection (<see cref="ListUnits"/>,
    /// <see cref="Show"/>): see <see cref="SystemdSupervisor.OpenAhead"/>. Once another request has gone out,
    /// the listing could be older than what that request changed, and is asked for again.
    /// </summary>
    public void ListAhead()
    {
        var rows = ListedUnits();
        _listedAhead = (_connection.LastSerial, rows);
    }

    /// <summary>Every loaded unit's row of ListUnits (name, description, load, active and sub state, following, object path, …).</summary>
    private IReadOnlyList<object[]> LoadedUnits()
    {
        if (_listedAhead is { } ahead && ahead.Serial == _connection.LastSerial)
        {
            _listedAhead = null;
            return ahead.Rows;
        }

        _listedAhead = null;
        return ListedUnits();
    }

    private IReadOnlyList<object[]> ListedUnits() => Rows(Call("list the loaded units", "a(ssssssouso)", ManagerPath, ManagerInterface, "ListUnits")).ToList();

    /// <summary>Load, active and sub state of every unit the manager has loaded (ListUnits).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ListUnits() =>
        LoadedUnits()
            .ToDictionary(row => (string)row[0], row => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["LoadState"] = (string)row[2], ["ActiveState"] = (string)row[3], ["SubState"] = (string)row[4] }, StringComparer.Ordinal);

    /// <summary>
    /// Where each status property lives, by unit type: asked for one by one (Get), all of them pipelined.
    /// A GetAll makes systemd serialize some 300 properties a unit; for 200 services the Gets took 104 ms
    /// where the GetAlls took 141. Id and the three states come from ListUnits.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (string Interface, string[] Names)[]> StatusPropertiesBySuffix = new Dictionary<string, (string Interface, string[] Names)[]>(StringComparer.Ordinal)
    {
        [".service"] = new[]
        {
            ("org.freedesktop.systemd1.Service", new[] { "Result", "MainPID", "ExecMainCode", "ExecMainStatus", "MemoryCurrent", "CPUUsageNSec", "TasksCurrent", "NRestarts" }),
            ("org.freedesktop.systemd1.Unit", new[] { "ActiveEnterTimestamp", "NeedDaemonReload" }),
        },
        [".timer"] = new[]
        {
            ("org.freedesktop.systemd1.Timer", new[] { "Result", "NextElapseUSecRealtime", "NextElapseUSecMonotonic", "LastTriggerUSec", "LastTriggerUSecMonotonic" }),
            ("org.freedesktop.systemd1.Unit", new[] { "ActiveEnterTimestamp", "NeedDaemonReload" }),
        },
    };

    /// <summary>The status properties that change without a signal: a remembered status reads them again every time.</summary>
    private static readonly HashSet<string> Figures = new(StringComparer.Ordinal) { "MemoryCurrent", "CPUUsageNSec", "TasksCurrent" };

    /// <summary>
    /// The status properties that describe a process that runs — its figures, its PID, when it started: not asked of
    /// a unit ListUnits shows inactive or failed, which has none. Most units of a machine are inactive: svcmgmt
    /// status of every job asked half as many questions.
    /// </summary>
    private static readonly HashSet<string> OfARunningProcess = new(Figures, StringComparer.Ordinal) { "MainPID", "ActiveEnterTimestamp" };

    /// <summary>
    /// Whether a property can tell more than ListUnits did. A unit that does not run has no process to
    /// describe (<see cref="OfARunningProcess"/>); an inactive one ended well, since systemd enters "failed"
    /// whenever a run's result is not success (service_enter_dead, timer_enter_dead), so its Result is
    /// "success"; and what a masked or file-less unit's last run left behind is not the job's
    /// (<see cref="SystemdStatus.HasRunAsDefined"/>).
    /// </summary>
    private static bool IsWorthAsking(string property, string load, string active) => SystemdStatus.HasRunAsDefined(load, active) && active switch
    {
        "inactive" => !OfARunningProcess.Contains(property) && property != "Result",
        "failed" => !OfARunningProcess.Contains(property),
        _ => true,
    };

    /// <summary>Each unit's status properties but the figures, by object path, as last read, while <see cref="RememberStatus"/> keeps them.</summary>
    private Dictionary<string, IReadOnlyDictionary<string, string>>? _remembered;

    /// <summary>
    /// From now on, <see cref="Show"/> keeps what it read of each unit and asks again only for the figures, until
    /// systemd announces a change of the unit (PropertiesChanged of any of its interfaces, UnitRemoved), reloads
    /// (Reloading), or lists the unit in another state than remembered. NeedDaemonReload changes unannounced when
    /// a unit file is edited: a caller that must see it soon starts remembering afresh now and then.
    /// </summary>
    public void RememberStatus()
    {
        var remembered = _remembered = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        _connection.OnSignal = signal =>
        {
            switch (signal.Member)
            {
                case "PropertiesChanged" when signal.Path is { } path:
                    remembered.Remove(path);
                    break;
                case "UnitRemoved" when signal.Signature == "so":
                    remembered.Remove((string)signal.Body[1]);
                    break;
                case "Reloading":
                    remembered.Clear();
                    break;
            }
        };
        Call("subscribe to the units' changes", string.Empty, ManagerPath, ManagerInterface, "Subscribe");
    }

    /// <summary>
    /// The status properties of those of the units the manager has loaded, as systemctl show prints them:
    /// ListUnits for their states and objects (asking for others by name would load them), then a Get of
    /// each property, every request sent before the first answer is read. A property the unit does not
    /// have is left out.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Show(IReadOnlyList<string> units)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (units.Count == 0)
        {
            return result;
        }

        var wanted = new HashSet<string>(units, StringComparer.Ordinal);
        var rows = LoadedUnits().Where(row => wanted.Contains((string)row[0]));
        var asked = rows.Select(row =>
        {
            var unit = (string)row[0];
            var known = _remembered is not null && _remembered.TryGetValue((string)row[6], out var seen)
                && seen["ActiveState"] == (string)row[3] && seen["SubState"] == (string)row[4] ? seen : null;
            var properties = StatusPropertiesBySuffix.TryGetValue(unit.Substring(unit.LastIndexOf('.')), out var found) ? found : Array.Empty<(string Interface, string[] Names)>();
            var (load, active) = ((string)row[2], (string)row[3]);
            var calls = properties.SelectMany(p => p.Names.Where(name => (known is null || Figures.Contains(name)) && IsWorthAsking(name, load, active))
                .Select(name => (Name: name, Serial: _connection.Call((string)row[6], "org.freedesktop.DBus.Properties", "Get", "ss", p.Interface, name)))).ToList();
            return (Unit: unit, Row: row, Calls: calls, Known: known);
        }).ToList();
        foreach (var (unit, row, calls, known) in asked)
        {
            var values = new List<(string, object)> { ("Id", unit), ("LoadState", row[2]), ("ActiveState", row[3]), ("SubState", row[4]) };
            foreach (var (name, serial) in calls)
            {
                try
                {
                    values.Add((name, ((DBusVariant)_connection.Reply(serial, "v")[0]).Value));
                }
                catch (DBusErrorReply error) when (error.Name is "org.freedesktop.DBus.Error.UnknownProperty" or "org.freedesktop.DBus.Error.UnknownInterface")
                {
                }
                catch (DBusErrorReply error)
                {
                    throw Failure($"read {name} of {unit}", error);
                }
            }

            var read = SystemdPropertyText.Of(values);
            if (known is not null)
            {
                var merged = known.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                foreach (var figure in read)
                {
                    merged[figure.Key] = figure.Value;
                }

                read = merged;
            }
            else if (_remembered is not null)
            {
                _remembered[(string)row[6]] = read.Where(p => !Figures.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            }

            result[unit] = read;
        }

        return result;
    }

    /// <summary>daemon-reload: the reply comes once the manager has read its units again.</summary>
    public void Reload() => Call("reload", string.Empty, ManagerPath, ManagerInterface, "Reload");

    /// <summary>
    /// Makes the units' [Install] links (EnableUnitFiles), then, with <paramref name="reload"/>, reloads as systemctl
    /// enable does when a link changed; without, the caller reloads once for everything it changed.
    /// </summary>
    public void Enable(IReadOnlyList<string> units, bool reload = true)
    {
        var reply = Call("enable " + SystemdSupervisor.Describe(units), "ba(sss)", ManagerPath, ManagerInterface, "EnableUnitFiles", "asbb", units.ToList<object>(), false, false);
        if (reload && ((IReadOnlyList<object>)reply[1]).Count > 0)
        {
            Reload();
        }
    }

    /// <summary>Removes the units' [Install] links (DisableUnitFiles) and reloads as <see cref="Enable"/> does; a unit that is gone counts as disabled.</summary>
    public void Disable(IReadOnlyList<string> units, bool reload = true)
    {
        try
        {
            if (((IReadOnlyList<object>)_connection.Reply(_connection.Call(ManagerPath, ManagerInterface, "DisableUnitFiles", "asb", units.ToList<object>(), false), "a(sss)")[0]).Count > 0 && reload)
            {
                Reload();
            }
        }
        catch (DBusErrorReply error) when (IsNotLoaded(error))
        {
        }
        catch (DBusErrorReply error)
        {
            throw Failure("disable " + SystemdSupervisor.Describe(units), error);
        }
    }

    /// <summary>
    /// Starts, stops or restarts the units as jobs of mode "replace" and waits, as systemctl does, until
    /// every job has ended (JobRemoved, which systemd sends to every private connection); a job that did
    /// not end "done" (or "skipped") fails the call, naming each unit and how its job ended. Stopping a
    /// unit that is not loaded counts as done.
    /// </summary>
    public void Run(JobAction action, IReadOnlyList<string> units)
    {
        var member = action switch
        {
            JobAction.Start => "StartUnit",
            JobAction.Stop => "StopUnit",
            JobAction.Restart => "RestartUnit",
            _ => throw new ArgumentException($"{action} is not a job systemd runs; links are EnableUnitFiles' and DisableUnitFiles'.", nameof(action)),
        };
        var verb = SystemdSupervisor.Verb(action);
        var ended = new Dictionary<string, string>(StringComparer.Ordinal);
        _connection.OnSignal = signal =>
        {
            if (signal.Member == "JobRemoved" && signal.Signature == "uoss")
            {
                ended[(string)signal.Body[1]] = (string)signal.Body[3];
            }
        };
        var calls = units.Select(unit => (Unit: unit, Serial: _connection.Call(ManagerPath, ManagerInterface, member, "ss", unit, "replace"))).ToList();
        var jobs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (unit, serial) in calls)
        {
            try
            {
                jobs[(string)_connection.Reply(serial, "o")[0]] = unit;
            }
            catch (DBusErrorReply error) when (action == JobAction.Stop && IsNotLoaded(error))
            {
            }
            catch (DBusErrorReply error)
            {
                throw Failure($"{verb} {unit}", error);
            }
        }

        if (!_connection.WaitFor(() => jobs.Keys.All(ended.ContainsKey), DateTime.UtcNow + JobTimeout))
        {
            var waiting = jobs.Where(j => !ended.ContainsKey(j.Key)).Select(j => j.Value).ToList();
            throw new PlatformException($"Could not {verb} {SystemdSupervisor.Describe(waiting)}: its job had not ended after {JobTimeout.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes (systemd goes on with it).");
        }

        var failures = jobs
            .Where(job => ended[job.Key] is not ("done" or "skipped"))
            .Select(job => $"the job for {job.Value} ended \"{ended[job.Key]}\"{JobResultMeaning(ended[job.Key])}")
            .ToList();
        if (failures.Count > 0)
        {
            throw new PlatformException($"Could not {verb} {SystemdSupervisor.Describe(units)}: {string.Join("; ", failures)}. The unit's log tells why (svcmgmt logs NAME, or journalctl -u UNIT).");
        }
    }

    private readonly Queue<(string Unit, string Active, string? Sub)> _changes = new();

    /// <summary>
    /// From now on, notes each change of the units' states, in the order systemd announces them: the
    /// PropertiesChanged signals of the units' objects, which systemd sends every private connection (Subscribe
    /// asks for them on the API bus too). Signals carry the states themselves, so a quick stop and start is seen
    /// as both. <see cref="Watch"/> hands them on.
    /// </summary>
    public void Listen(IReadOnlyList<string> units)
    {
        var byPath = units.Distinct(StringComparer.Ordinal).ToDictionary(UnitPath, u => u, StringComparer.Ordinal);
        _connection.OnSignal = signal =>
        {
            if (signal.Member == "PropertiesChanged" && signal.Signature == "sa{sv}as" && signal.Path is { } path && byPath.TryGetValue(path, out var unit)
                && (string)signal.Body[0] == "org.freedesktop.systemd1.Unit")
            {
                var values = ((IEnumerable<object>)signal.Body[1]).Cast<object[]>().ToDictionary(e => (string)e[0], e => ((DBusVariant)e[1]).Value, StringComparer.Ordinal);
                if (values.TryGetValue("ActiveState", out var active) && active is string activeState)
                {
                    _changes.Enqueue((unit, activeState, values.TryGetValue("SubState", out var sub) ? sub as string : null));
                }
            }
        };
        Call("subscribe to the units' changes", string.Empty, ManagerPath, ManagerInterface, "Subscribe");
    }

    /// <summary>Until <paramref name="cancellation"/>, calls back with each change <see cref="Listen"/> notes (unit, ActiveState, SubState), in order.</summary>
    public void Watch(Action<string, string, string?> changed, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            // A short wait, so that cancellation is seen within a tenth of a second.
            _connection.WaitFor(() => _changes.Count > 0 || cancellation.IsCancellationRequested, DateTime.UtcNow + TimeSpan.FromMilliseconds(100));
            while (_changes.Count > 0)
            {
                var (unit, active, sub) = _changes.Dequeue();
                changed(unit, active, sub);
            }
        }
    }

    /// <summary>A unit's object path: its name with every byte but letters (and digits after the first) escaped as _xx (sd-bus's bus_label_escape).</summary>
    internal static string UnitPath(string unit)
    {
        var escaped = new System.Text.StringBuilder("/org/freedesktop/systemd1/unit/");
        var bytes = System.Text.Encoding.UTF8.GetBytes(unit);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' || (i > 0 && b is >= (byte)'0' and <= (byte)'9'))
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append('_').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>What systemd's job results mean (org.freedesktop.systemd1(5), JobRemoved).</summary>
    private static string JobResultMeaning(string result) => result switch
    {
        "failed" => " (the unit failed: its process exited with an error or could not be run)",
        "timeout" => " (it did not finish within the unit's timeout)",
        "dependency" => " (a unit it requires failed)",
        "canceled" => " (another job replaced it)",
        "invalid" or "unsupported" => " (the unit cannot be run that way)",
        _ => string.Empty,
    };

    private static IEnumerable<object[]> Rows(IReadOnlyList<object> reply) => ((IReadOnlyList<object>)reply[0]).Cast<object[]>();

    private static bool IsNotLoaded(DBusErrorReply error) =>
        error.Name is "org.freedesktop.systemd1.NoSuchUnit" or "org.freedesktop.DBus.Error.FileNotFound" || SystemdSupervisor.SaysNotLoaded(error.Message);

    private IReadOnlyList<object> Call(string what, string replySignature, string path, string @interface, string member, string signature = "", params object[] arguments) =>
        Answer(() => _connection.Reply(_connection.Call(path, @interface, member, signature, arguments), replySignature), what);

    private IReadOnlyList<object> Answer(Func<IReadOnlyList<object>> reply, string what)
    {
        try
        {
            return reply();
        }
        catch (DBusErrorReply error)
        {
            throw Failure(what, error);
        }
    }

    private ServiceManagementException Failure(string what, DBusErrorReply error)
    {
        var message = $"Could not {what}: systemd ({Address}) answered {error.Name}: {error.Message}";
        return error.Name is "org.freedesktop.DBus.Error.AccessDenied" or "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"
            ? new PermissionDeniedException(message)
            : new PlatformException(message);
    }
}
