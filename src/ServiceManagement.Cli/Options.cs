using System.CommandLine;
using ServiceManagement.Model;

namespace ServiceManagement.Cli;

/// <summary>Options several commands share, so that they are spelt and described the same everywhere.</summary>
internal static class Options
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>Points the engine at a directory tree instead of / (an image, a test tree); job managers are called only where they run.</summary>
    public static Option<string?> Root() => new("--root") { Description = "Work on the job files under this directory instead of / (Linux)." };

    public static readonly IReadOnlyDictionary<string, TargetOperatingSystem> OperatingSystems =
        new Dictionary<string, TargetOperatingSystem>(StringComparer.OrdinalIgnoreCase)
        {
            ["macos"] = TargetOperatingSystem.MacOS,
            ["linux"] = TargetOperatingSystem.Linux,
            ["windows"] = TargetOperatingSystem.Windows,
        };

    public static string Name(JobPlatform platform) =>
        char.ToLowerInvariant(platform.ToString()[0]) + platform.ToString().Substring(1);
}
