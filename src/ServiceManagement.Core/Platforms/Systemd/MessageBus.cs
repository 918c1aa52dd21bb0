using System.Text.RegularExpressions;
using ServiceManagement.Errors;
using ServiceManagement.IO;
using ServiceManagement.Platforms.DBus;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Processes;
using ServiceManagement.Text;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// The message bus (dbus-daemon) that starts a manager's bus-activated jobs: which names it can start now
/// (ListActivatableNames) — what a job's activation name is worth is the bus's answer, not our file — and reading
/// its files again (ReloadConfig) after ours changed: dbus-daemon notices changed files by itself only in
/// directories that existed when it started, and /usr/local/share/dbus-1/system-services seldom did.
/// </summary>
/// <remarks>
/// The system bus and one's own bus are asked as a client of theirs (EXTERNAL, then Hello). A user's bus admits
/// only that user, not root, so root asks another user's bus through <c>busctl --user</c> run as that user.
/// </remarks>
internal sealed class MessageBus
{
    private const string Bus = "org.freedesktop.DBus";
    private const string BusPath = "/org/freedesktop/DBus";

    /// <summary>A bus that does not answer within this is taken as not running: status must not hang on it.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private static readonly Pattern QuotedName = new("\"([^\"]*)\"");

    private readonly LinuxLayout _layout;
    private readonly ICommandRunner _runner;

    public MessageBus(LinuxLayout layout, ICommandRunner runner)
    {
        _layout = layout;
        _runner = runner;
    }

    /// <summary>The names the bus of the manager's jobs starts a service for; null when no bus runs there (or it refuses us), and every user's agents have none of their own.</summary>
    public IReadOnlyCollection<string>? ActivatableNames(SystemdManager manager)
    {
        if (AsAnotherUser(manager) is { } user)
        {
            var result = _runner.Run(Busctl(user, "ListActivatableNames"));
            return result.Succeeded ? new HashSet<string>(QuotedName.Matches(result.StandardOutput).Cast<Match>().Select(m => m.Groups[1].Value), StringComparer.Ordinal) : null;
        }

        using var connection = Open(manager);
        return connection is null
            ? null
            : new HashSet<string>(((IReadOnlyList<object>)connection.Reply(connection.Call(BusPath, Bus, "ListActivatableNames"), "as")[0]).Cast<string>(), StringComparer.Ordinal);
    }

    /// <summary>Has the bus of the manager's jobs read its configuration and service files again; false when no bus runs there.</summary>
    public bool Reload(SystemdManager manager)
    {
        if (AsAnotherUser(manager) is { } user)
        {
            return _runner.Run(Busctl(user, "ReloadConfig")).Succeeded;
        }

        using var connection = Open(manager);
        if (connection is null)
        {
            return false;
        }

        connection.Reply(connection.Call(BusPath, Bus, "ReloadConfig"), string.Empty);
        return true;
    }

    private PosixUser? AsAnotherUser(SystemdManager manager) =>
        manager is { IsGlobal: false, User: { } user } && user.Id != _layout.CurrentUser.Id ? user : null;

    private static CommandLine Busctl(PosixUser user, string method) => new("runuser", new[]
    {
        "-u", user.Name, "--", "env", $"XDG_RUNTIME_DIR={SystemdSupervisor.RuntimeDirectory(user)}",
        "busctl", "--user", "call", Bus, BusPath, Bus, method,
    });

    private DBusConnection? Open(SystemdManager manager)
    {
        var socket = manager switch
        {
            { IsGlobal: true } => null,
            { User: { } user } => Path.Combine(SystemdSupervisor.RuntimeDirectory(user), "bus"),
            _ => "/run/dbus/system_bus_socket",
        };
        if (socket is null || DBusConnection.TryOpen(_layout.PathOf(socket), (uint)Posix.EffectiveUserId, out _, CallTimeout) is not { } connection)
        {
            return null;
        }

        connection.Destination = Bus;
        try
        {
            connection.Reply(connection.Call(BusPath, Bus, "Hello"), "s");
            return connection;
        }
        catch (Exception ex) when (ex is PlatformException or DBusErrorReply)
        {
            connection.Dispose();
            return null;
        }
    }
}
