using System.Globalization;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>systemd's time spans (systemd.time(7): "1min 30s", microseconds) and calendar events (OnCalendar= from cron).</summary>
internal static class SystemdTime
{
    private static readonly string[] WeekdayNames = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

    private static readonly (string[] Names, long Microseconds)[] TimeUnits =
    {
        (new[] { "y", "year", "years" }, 31_557_600_000_000),
        (new[] { "M", "month", "months" }, 2_629_800_000_000),
        (new[] { "w", "week", "weeks" }, 604_800_000_000),
        (new[] { "d", "day", "days" }, 86_400_000_000),
        (new[] { "h", "hr", "hour", "hours" }, 3_600_000_000),
        (new[] { "m", "min", "minute", "minutes" }, 60_000_000),
        (new[] { "s", "sec", "second", "seconds" }, 1_000_000),
        (new[] { "ms", "msec" }, 1_000),
        (new[] { "us", "usec", "µs" }, 1),
    };

    /// <summary>A time span such as <c>1min 30s</c> or <c>500ms</c>.</summary>
    public static string FormatTimeSpan(Duration duration)
    {
        var microseconds = duration.Value.Ticks / 10;
        if (microseconds == 0)
        {
            return "0";
        }

        var parts = new List<string>();
        foreach (var (names, unit) in TimeUnits.Where(u => u.Names[0] is "d" or "h" or "min" or "m" or "s" or "ms"))
        {
            var amount = microseconds / unit;
            if (amount > 0)
            {
                parts.Add(amount.ToString(CultureInfo.InvariantCulture) + (names[0] == "m" ? "min" : names[0]));
                microseconds -= amount * unit;
            }
        }

        return string.Join(" ", parts);
    }

    /// <summary>Reads a time span (a bare number is seconds); false for <c>infinity</c> or what is not whole milliseconds.</summary>
    public static bool TryParseTimeSpan(string text, out Duration duration)
    {
        duration = default;
        long total = 0;
        var position = 0;
        var any = false;
        while (true)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position == text.Length)
            {
                break;
            }

            var start = position;
            while (position < text.Length && char.IsDigit(text[position]))
            {
                position++;
            }

            if (position == start || position - start > 15)
            {
                return false;
            }

            var amount = long.Parse(text.Substring(start, position - start), CultureInfo.InvariantCulture);
            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }

            var unitStart = position;
            while (position < text.Length && (char.IsLetter(text[position]) || text[position] == 'µ'))
            {
                position++;
            }

            var name = text.Substring(unitStart, position - unitStart);
            var unit = name.Length == 0 ? 1_000_000 : TimeUnits.FirstOrDefault(u => u.Names.Contains(name, StringComparer.Ordinal)).Microseconds;
            if (unit == 0 || amount > long.MaxValue / unit / 10)
            {
                return false;
            }

            total += amount * unit;
            any = true;
        }

        if (!any || total % 1000 != 0 || total * 10 > Duration.Maximum.Ticks)
        {
            return false;
        }

        duration = new Duration(TimeSpan.FromTicks(total * 10));
        return true;
    }

    /// <summary>
    /// Reads a span as systemctl prints it (<c>41min 12.860418s</c>), to the microsecond; false for
    /// <c>infinity</c> and anything else that is not a span.
    /// </summary>
    public static bool TryParseMicroseconds(string text, out long microseconds)
    {
        microseconds = 0;
        var parts = text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return false;
        }

        foreach (var part in parts)
        {
            var split = 0;
            while (split < part.Length && (char.IsDigit(part[split]) || part[split] == '.'))
            {
                split++;
            }

            var unit = TimeUnits.FirstOrDefault(u => u.Names.Contains(part.Substring(split), StringComparer.Ordinal)).Microseconds;
            if (split == 0 || unit == 0 || !decimal.TryParse(part.Substring(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            microseconds += (long)(amount * unit);
        }

        return true;
    }

    /// <summary>
    /// OnCalendar= values equivalent to a valid cron expression. Cron runs when either the day of the
    /// month or the weekday matches if both are restricted; systemd requires both, so that case becomes two events.
    /// </summary>
    public static IReadOnlyList<string> FormatCalendar(CronExpression cron)
    {
        if (!cron.IsValid)
        {
            throw new ArgumentException($"'{cron.Text}' is not a valid cron expression.", nameof(cron));
        }

        string List(CronField field) => field.IsUnrestricted ? "*" : string.Join(",", field.Values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var time = $"{List(cron.Hours!)}:{List(cron.Minutes!)}:00";
        var weekdays = string.Join(",", cron.DaysOfWeek!.Values.Select(d => WeekdayNames[d]));
        var months = List(cron.Months!);
        if (cron.DaysOfWeek.IsUnrestricted)
        {
            return new[] { $"*-{months}-{List(cron.DaysOfMonth!)} {time}" };
        }

        if (cron.DaysOfMonth!.IsUnrestricted)
        {
            return new[] { $"{weekdays} *-{months}-* {time}" };
        }

        return new[] { $"*-{months}-{List(cron.DaysOfMonth)} {time}", $"{weekdays} *-{months}-* {time}" };
    }
}
