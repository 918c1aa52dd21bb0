using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Processes;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Backends;

/// <summary>The one place a platform backend is chosen: by detection, or as asked.</summary>
public static class PlatformFactory
{
    /// <summary>
    /// The backend for <paramref name="os"/> (this machine's when absent). <paramref name="root"/>
    /// points the Linux backend at a directory tree instead of / (inventory of an image, tests, benchmarks).
    /// </summary>
    public static IPlatform Create(TargetOperatingSystem? os = null, string? root = null, ICommandRunner? runner = null)
    {
        var target = os ?? PlatformTargets.Current;
        runner ??= new ProcessCommandRunner();
        switch (target)
        {
            case TargetOperatingSystem.Linux:
                var layout = root is null || root == "/" ? LinuxLayout.ForThisMachine() : LinuxLayout.ForThisMachine().WithRoot(root);
                return new LinuxPlatform(layout, runner, SystemdSupervisor.TransportFromEnvironment());
            case TargetOperatingSystem.MacOS:
                return new MacPlatform(new MacLayout(root ?? "/", Environment.UserName, runner), runner);
            case TargetOperatingSystem.Windows:
                return root is null ? new WindowsPlatform(runner) : throw new PlatformException("The Windows backend reads the running system only; --root is for Linux and macOS images.");
            default:
                throw new PlatformException($"The {target} backend is not available.");
        }
    }
}
