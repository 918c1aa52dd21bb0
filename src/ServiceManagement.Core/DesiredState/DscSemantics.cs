using ServiceManagement.Model;
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
            PlanAction.Create => new[] { $"would create {EnumNames.YamlName(item.Kind.ToString())} {item.Name} ({string.Join(", ", item.Files)})" },
            PlanAction.Remove => new[] { $"would remove {item.Name} ({string.Join(", ", item.Files)})" },
            _ => item.Changes.Select(c => $"would change {c.Property} of {item.Name} from {c.Actual ?? "(none)"} to {c.Desired ?? "(none)"}"),
        }).ToList();

    /// <summary>
    /// Exported jobs as DSC instances: each with a name unique in the document DSC writes (the job's name,
    /// qualified by kind, scope and user where several jobs share it) and, for system jobs, the security
    /// context they need (<c>elevated</c>: only root or Administrator can change them).
    /// </summary>
    public static IReadOnlyList<(ConfigurationEntry Entry, string Name, string? SecurityContext)> ExportInstances(IReadOnlyList<ConfigurationEntry> entries)
    {
        var shared = new HashSet<string>((entries ?? throw new ArgumentNullException(nameof(entries))).GroupBy(e => e.Definition.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key), StringComparer.Ordinal);
        return entries.Select(entry =>
        {
            var d = entry.Definition;
            var name = shared.Contains(d.Name)
                ? $"{d.Name} ({EnumNames.YamlName(d.Kind.ToString())}, {EnumNames.YamlName(d.Scope.ToString())}{(d.User is null ? string.Empty : ", " + d.User)})"
                : d.Name;
            return (entry, name, d.Scope == Model.JobScope.System ? "elevated" : (string?)null);
        }).ToList();
    }
}
