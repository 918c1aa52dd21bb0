using System.Text;
using ServiceManagement.Model;
using ServiceManagement.Configuration;

namespace ServiceManagement.DesiredState;

/// <summary>A plan as people read it: each change with its property changes and the native files' diff, then a count.</summary>
public static class PlanText
{
    /// <summary>Every change: <c>update daemon NAME</c>, <c>  ~ property: actual -> desired</c>, then the indented unified diff.</summary>
    public static string Changes(Plan plan)
    {
        var output = new StringBuilder();
        foreach (var item in (plan ?? throw new ArgumentNullException(nameof(plan))).Changes)
        {
            output.Append($"{item.Action.ToString().ToLowerInvariant(),-7} {EnumNames.YamlName(item.Kind.ToString())} {item.Name}{(item.User is null ? string.Empty : " (user " + item.User + ")")}\n");
            foreach (var change in item.Changes)
            {
                output.Append(change.Actual is null ? $"  + {change.Property}: {change.Desired}"
                    : change.Desired is null ? $"  - {change.Property}: {change.Actual}"
                    : $"  ~ {change.Property}: {change.Actual} -> {change.Desired}").Append('\n');
            }

            foreach (var line in item.Diff.Split('\n').Where(l => l.Length > 0))
            {
                output.Append("    ").Append(line).Append('\n');
            }
        }

        return output.ToString();
    }

    /// <summary><c>Plan: 1 to create, 0 to update, 0 to remove, 3 unchanged.</c></summary>
    public static string Summary(Plan plan)
    {
        var counts = (plan ?? throw new ArgumentNullException(nameof(plan))).Items.GroupBy(i => i.Action).ToDictionary(g => g.Key, g => g.Count());
        int Count(PlanAction action) => counts.TryGetValue(action, out var n) ? n : 0;
        return $"Plan: {Count(PlanAction.Create)} to create, {Count(PlanAction.Update)} to update, {Count(PlanAction.Remove)} to remove, {Count(PlanAction.NoChange)} unchanged.";
    }
}
