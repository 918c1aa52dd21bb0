using ServiceManagement.Model;
using ServiceManagement.Text;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Windows;

/// <summary>What Task Scheduler cannot repeat, and what it changes in a command line as it runs it.</summary>
internal sealed class WindowsRules : INativeRules
{
    public static WindowsRules Instance { get; } = new();

    private static readonly Pattern TaskVariable = new("%[A-Za-z_][A-Za-z0-9_()]*%");

    private WindowsRules()
    {
    }

    public IEnumerable<Finding> Check(BackgroundJobDefinition definition, JobPlatform platform)
    {
        if (platform != JobPlatform.WindowsTask)
        {
            yield break;
        }

        if (definition.Schedule?.Every is { } every && (every.Value < TimeSpan.FromMinutes(1) || every.Value > TimeSpan.FromDays(31) || every.Value.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            yield return new Finding(FindingSeverity.Error, "IntervalUnsupported", "schedule.every", $"Task Scheduler repeats every 1 minute to 31 days, in whole seconds; {every} is not.");
        }

        foreach (var (path, text) in new[] { ("program", definition.Program) }.Concat(definition.Arguments.Select((a, i) => ($"arguments[{i}]", (string?)a))))
        {
            if (text is not null && TaskVariable.IsMatch(text))
            {
                yield return new Finding(FindingSeverity.Warning, "TaskExpandsVariables", path,
                    $"Task Scheduler expands %VARIABLE% in a task's command and arguments: '{DefinitionValidator.Shorten(text)}' runs with the variable's value, not as written.");
            }
        }
    }
}
