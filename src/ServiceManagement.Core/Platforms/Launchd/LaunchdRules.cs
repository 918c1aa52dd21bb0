using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>What a property list rounds, and raw extras that would replace keys the translator writes.</summary>
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

        foreach (var key in definition.Origin == JobOrigin.Authored ? LaunchdTranslator.Overriding(definition) : Enumerable.Empty<string>())
        {
            yield return new Finding(FindingSeverity.Error, "RawOverridesModelled", "launchd." + key,
                $"{key} is written from the job's own properties; set those instead: raw extras add keys, they do not replace them.");
        }
    }
}
