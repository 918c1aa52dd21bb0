using System.Security;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// What makes a systemd job start when a client asks for its D-Bus name (pure): the bus's service file, which
/// names the unit (<c>SystemdService=</c>; the bus asks systemd to start it), and on the system bus a policy
/// that lets the job's account own the name and anyone call it. A daemon's go on the system bus
/// (<c>/usr/local/share/dbus-1/system-services</c>, where the D-Bus specification puts what the administrator
/// installs, and <c>/etc/dbus-1/system.d</c>); an agent's on its user's bus (<c>~/.local/share/dbus-1/services</c>,
/// or <c>/usr/local/share/dbus-1/services</c> for every user), which needs no policy.
/// </summary>
/// <remarks>
/// The unit is named directly (as polkit and PackageKit do) rather than through a <c>dbus-NAME.service</c> alias
/// enabled by <c>systemctl enable</c> (as systemd's own daemons do): a disabled job has no service file instead,
/// so one file says whether the name starts the job. Both carry our marker (a key of their own in the service
/// file, which dbus-daemon ignores; a comment in the policy) so that only ours are ever deleted.
/// </remarks>
internal static class BusActivation
{
    public const string Section = "D-BUS Service";

    /// <summary>Where the system bus reads its policies, relative to the configuration directory (/etc).</summary>
    public const string PolicyDirectory = "dbus-1/system.d";

    /// <summary>Where a manager's bus looks for service files, relative to a data directory (/usr/local/share, /usr/share, ~/.local/share).</summary>
    public static string ServicesDirectory(SystemdManager manager) => ServicesDirectory(systemBus: manager.Scope == JobScope.System && !manager.IsGlobal);

    /// <summary>The system bus's (a daemon's) policy file for a name, relative to the configuration directory.</summary>
    public static string PolicyFile(string name) => PolicyDirectory + "/" + name + ".conf";

    private static string ServicesDirectory(bool systemBus) => systemBus ? "dbus-1/system-services" : "dbus-1/services";

    /// <summary>The bus's files for a job activated by name; none for a disabled job, which no client may start.</summary>
    public static IEnumerable<NativeFile> Render(BackgroundJobDefinition definition)
    {
        if (definition.Activation is not { } activation || definition.StartupType == StartupType.Disabled)
        {
            yield break;
        }

        var daemon = definition.Kind == JobKind.Daemon;
        var service = new UnitBuilder()
            .Add(Section, "Name", activation.Name)
            .Add(Section, "Exec", "/bin/false")
            .Add(Section, "User", daemon ? definition.RunAs?.User ?? "root" : null)
            .Add(Section, "SystemdService", definition.Name + ".service")
            .Add(Section, SystemdTranslator.MarkerKey, ManagedMarker.Flag);
        yield return new NativeFile(ServicesDirectory(systemBus: daemon) + "/" + activation.Name + ".service", service.Build().Render()) { Directory = NativeFileDirectory.Data };
        if (daemon)
        {
            yield return new NativeFile(PolicyFile(activation.Name), Policy(activation.Name, definition.RunAs?.User ?? "root")) { Directory = NativeFileDirectory.Configuration };
        }
    }

    private static string Policy(string name, string user) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <!-- Written by ServiceManagement: the job's account may own the name, and anyone may call it.
        {SystemdTranslator.MarkerKey}={ManagedMarker.Flag}
        -->
        <busconfig>
          <policy user="{SecurityElement.Escape(user)}">
            <allow own="{name}"/>
          </policy>
          <policy context="default">
            <allow send_destination="{name}"/>
          </policy>
        </busconfig>

        """;
}
