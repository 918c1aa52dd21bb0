using System.Globalization;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>Cron schedules as StartCalendarInterval (an array of dictionaries), and back.</summary>
internal static class LaunchdCalendar
{
    private static readonly string[] CalendarKeys = { "Minute", "Hour", "Day", "Month", "Weekday" };

    /// <summary>
    /// StartCalendarInterval for a cron expression: one dictionary per combination of the restricted
    /// fields. When both the day of the month and the weekday are restricted, cron runs on either, so
    /// each gets dictionaries of its own.
    /// </summary>
    public static IReadOnlyList<RawValue> Intervals(CronExpression cron)
    {
        IEnumerable<IReadOnlyList<(string Key, int Value)>> Combine(params (string Key, CronField Field)[] fields) =>
            fields.Where(f => !f.Field.IsUnrestricted).Aggregate(
                (IEnumerable<IReadOnlyList<(string, int)>>)new[] { Array.Empty<(string, int)>() },
                (combinations, field) => combinations.SelectMany(c => field.Field.Values.Select(v => (IReadOnlyList<(string, int)>)c.Append((field.Key, v)).ToList())));

        var time = new[] { ("Minute", cron.Minutes!), ("Hour", cron.Hours!), ("Month", cron.Months!) };
        var groups = !cron.DaysOfMonth!.IsUnrestricted && !cron.DaysOfWeek!.IsUnrestricted
            ? new[] { time.Append(("Day", cron.DaysOfMonth)).ToArray(), time.Append(("Weekday", cron.DaysOfWeek)).ToArray() }
            : new[] { time.Append(("Day", cron.DaysOfMonth)).Append(("Weekday", cron.DaysOfWeek!)).ToArray() };
        return groups.SelectMany(g => Combine(g))
            .Select(c => (RawValue)new RawMap(ValueMap<RawValue>.From(c.Select(p => (p.Key, (RawValue)new RawScalar(p.Value.ToString(CultureInfo.InvariantCulture), RawScalarType.Integer))))))
            .ToList();
    }

    /// <summary>Reads StartCalendarInterval back as cron when it is the product of per-field value sets.</summary>
    public static CronExpression? CronOf(RawValue calendar)
    {
        var dicts = calendar switch
        {
            RawMap map => new[] { map },
            RawList list when list.Items.All(i => i is RawMap) && list.Items.Count > 0 => list.Items.Cast<RawMap>().ToArray(),
            _ => null,
        };
        if (dicts is null || dicts.Any(d => d.Entries.Keys.Any(k => !CalendarKeys.Contains(k, StringComparer.Ordinal))))
        {
            return null;
        }

        var fields = new List<string>();
        long combinations = 1;
        foreach (var key in CalendarKeys)
        {
            var present = dicts.Count(d => d.Entries.ContainsKey(key));
            if (present == 0)
            {
                fields.Add("*");
                continue;
            }

            var values = dicts.Select(d => d.Entries.TryGetValue(key, out var v) && v is RawScalar { Type: RawScalarType.Integer } s && int.TryParse(s.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
            if (present != dicts.Length || values.Contains(-1))
            {
                return null;
            }

            var distinct = values.Select(v => key == "Weekday" && v == 7 ? 0 : v).Distinct().OrderBy(v => v).ToList();
            combinations *= distinct.Count;
            fields.Add(string.Join(",", distinct.Select(v => v.ToString(CultureInfo.InvariantCulture))));
        }

        if (combinations != dicts.Length || dicts.Select(d => d.ToString()).Distinct(StringComparer.Ordinal).Count() != dicts.Length)
        {
            return null;
        }

        var cron = new CronExpression(string.Join(" ", fields[0], fields[1], fields[2], fields[3], fields[4]));
        return cron.IsValid ? cron : null;
    }
}
