using ServiceManagement.Configuration;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;

namespace ServiceManagement.PowerShell;

/// <summary>The configuration files a desired-state cmdlet is given: PowerShell paths (wildcards, the current location) loaded and validated for this machine (or, bound for other hosts, for none).</summary>
internal static class ConfigurationInput
{
    /// <summary>Every entry of every file; a file that is missing or invalid stops the command, since a partial configuration would plan wrong.</summary>
    internal static IEnumerable<ConfigurationEntry> Load(PSCmdlet cmdlet, IEnumerable<string> patterns, bool forThisMachine = true) =>
        patterns
            .SelectMany(pattern => cmdlet.Require(pattern, () => cmdlet.GetResolvedProviderPathFromPSPath(pattern, out _)))
            .SelectMany(path => cmdlet.Require(path, () => ConfigurationLoader.Load(path, forThisMachine ? PlatformTargets.Current : null, PlatformRules.All)).Entries);
}
