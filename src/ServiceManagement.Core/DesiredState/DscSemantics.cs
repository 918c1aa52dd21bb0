using ServiceManagement.Configuration;

namespace ServiceManagement.DesiredState;

/// <summary>
/// What a plan means to DSC v3: the names of the properties that differ (test's and set's second line) and the
/// what-if messages (<c>_metadata.whatIf</c>). In the engine, so that every front end that speaks DSC says the same.
/// </summary>
public static class DscSemantics
{
    /// <summary>The top-level properties a plan changes; a job created or removed differs in <c>_exist</c>.</summary>
    public static IReadOnlyList<string> Differing(Plan plan) =>
        (plan ?? throw new ArgumentNullException(nameof(plan))).Changes.SelectMany(i => i.Action switch
        {
            PlanAction.Create or PlanAction.Remove => new[] { "_exist" },
            _ => i.Changes.Select(c => c.Property.Split('.')[0]),
        }).Distinct().ToList();

    /// <summary>One line for each thing a plan would do, its values masked as the plan masks them.</summary>
    public static IReadOnlyList<string> WhatIfMessages(Plan plan) =>
        (plan ?? throw new ArgumentNullException(nameof(plan))).Changes.SelectMany(item => item.Action switch
        {
            PlanAction.Create => new[] { $"would create {ConfigurationLoader.YamlName(item.Kind.ToString())} {item.Name} ({string.Join(", ", item.Files)})" },
            PlanAction.Remove => new[] { $"would remove {item.Name} ({string.Join(", ", item.Files)})" },
            _ => item.Changes.Select(c => $"would change {c.Property} of {item.Name} from {c.Actual ?? "(none)"} to {c.Desired ?? "(none)"}"),
        }).ToList();
}
