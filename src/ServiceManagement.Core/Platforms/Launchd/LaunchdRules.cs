using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>What a property list rounds, raw extras that would replace keys the translator writes, and the user's say over background items since macOS 13.</summary>
internal sealed class LaunchdRules : INativeRules
{
    public static LaunchdRules Instance { get; } = new();

    private LaunchdRules()
    {
    }

    public IEnumerable<Finding> Check(BackgroundJobDefinition definition, JobPlatform platform)
    {
        if (platform != JobPlatform.Launchd)
        {
            yield break;
        }

        if (definition.Schedule?.Every is { } every && every.Value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return new Finding(FindingSeverity.Warning, "IntervalRounded", "schedule.every",
                $"launchd's StartInterval counts whole seconds: {every} runs every {Math.Ceiling(every.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s.");
        }

        if (definition.Origin == JobOrigin.Authored && definition.Kind is JobKind.Daemon or JobKind.Agent)
        {
            yield return new Finding(FindingSeverity.Warning, "NeedsLoginItemsApproval", "kind",
                $"On macOS 13 and later {definition.Name} is also an item of System Settings > General > Login Items (\"Allow in the Background\"): "
                + "the user is told when it is added and may switch it off, and then launchd does not run it whatever its plist says. "
                + $"A managed Mac keeps it on with an MDM Managed Login Items payload (com.apple.servicemanagement) whose rule is Label '{definition.Name}'.");
        }

        foreach (var key in definition.Origin == JobOrigin.Authored ? LaunchdTranslator.Overriding(definition) : Enumerable.Empty<string>())
        {
            yield return new Finding(FindingSeverity.Error, "RawOverridesModelled", "launchd." + key,
                $"{key} is written from the job's own properties; set those instead: raw extras add keys, they do not replace them.");
        }
    }
}
