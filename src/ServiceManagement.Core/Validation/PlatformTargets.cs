using System.Runtime.InteropServices;
using ServiceManagement.Model;

namespace ServiceManagement.Validation;

/// <summary>Which native mechanism runs a definition on each operating system.</summary>
public static class PlatformTargets
{
    public static TargetOperatingSystem Current =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? TargetOperatingSystem.Windows
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? TargetOperatingSystem.MacOS
        : TargetOperatingSystem.Linux;

    /// <summary>
    /// macOS runs everything through launchd; Linux runs login items from XDG autostart and the rest
    /// through systemd; Windows runs daemons as services unless they are scheduled (then, like agents,
    /// as tasks) or carry a task's registered XML, and login items from Run values.
    /// </summary>
    public static JobPlatform For(TargetOperatingSystem os, BackgroundJobDefinition definition) => os switch
    {
        TargetOperatingSystem.MacOS => JobPlatform.Launchd,
        TargetOperatingSystem.Linux => definition.Kind == JobKind.LoginItem ? JobPlatform.XdgAutostart : JobPlatform.Systemd,
        _ => definition.Kind switch
        {
            JobKind.LoginItem => JobPlatform.WindowsRunKey,
            JobKind.Daemon when definition.Schedule is null && RegisteredTaskXml(definition) is null => JobPlatform.WindowsService,
            _ => JobPlatform.WindowsTask,
        },
    };

    /// <summary>The raw Windows key that keeps a task's XML as registered; a daemon carrying it stays a task.</summary>
    public const string TaskXmlKey = "TaskXml";

    public static string? RegisteredTaskXml(BackgroundJobDefinition d) =>
        ((d.Windows.TryGetValue(TaskXmlKey, out var given) ? given : d.Unmodelled.TryGetValue(TaskXmlKey, out var kept) ? kept : null) as RawScalar)?.Text;
}
