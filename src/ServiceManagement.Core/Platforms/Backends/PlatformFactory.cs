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
    /// Where the commands that only read jobs (list, show, export and their cmdlets) read them: this machine, or a
    /// directory tree — a mounted disk, an image, a backup — of the system <paramref name="system"/> names (this
    /// machine's when absent), read-only, from any operating system. A system named without a tree is refused
    /// (<see cref="PlatformWithoutRootException"/>, in the caller's spelling of the options), and so is
    /// <paramref name="backgroundTaskDump"/> — what <c>sfltool dumpbtm</c> printed on the Mac a tree comes from —
    /// without a macOS tree (<see cref="BackgroundTaskDumpWithoutTreeException"/>).
    /// </summary>
    public static IPlatform ForReading(TargetOperatingSystem? system, string? root, (string Platform, string Root, string BackgroundTaskDump) options, string? backgroundTaskDump = null)
    {
        if (system is not null && root is null)
        {
            throw new PlatformWithoutRootException(options.Platform, options.Root);
        }

        if (backgroundTaskDump is null)
        {
            return Create(system, root);
        }

        return root is not null && (system ?? PlatformTargets.Current) == TargetOperatingSystem.MacOS
            ? Mac(root, new ProcessCommandRunner(), backgroundTaskDump)
            : throw new BackgroundTaskDumpWithoutTreeException(options.BackgroundTaskDump, options.Platform, options.Root);
    }

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
                return Mac(root ?? "/", runner, backgroundTaskDump: null);
            case TargetOperatingSystem.Windows:
                return root is null ? new WindowsPlatform(runner) : throw new PlatformException("The Windows backend reads the running system only; --root is for Linux and macOS images.");
            default:
                throw new PlatformException($"The {target} backend is not available.");
        }
    }

    private static MacPlatform Mac(string root, ICommandRunner runner, string? backgroundTaskDump) =>
        new(new MacLayout(root, Environment.UserName, runner), runner, backgroundTaskDump);
}
