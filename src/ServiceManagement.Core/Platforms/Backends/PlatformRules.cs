using ServiceManagement.Model;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Backends;

/// <summary>Every backend's native rules, for validating a definition for any operating system on this one.</summary>
public sealed class PlatformRules : INativeRules
{
    public static PlatformRules All { get; } = new();

    private static readonly INativeRules[] Backends = { SystemdRules.Instance, LaunchdRules.Instance, WindowsRules.Instance };

    private PlatformRules()
    {
    }

    public IEnumerable<Finding> Check(BackgroundJobDefinition definition, JobPlatform platform) =>
        Backends.SelectMany(rules => rules.Check(definition, platform));
}
