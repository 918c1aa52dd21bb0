using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ServiceManagement.Errors;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Windows;

/// <summary>Triggers: boot, logon, a repeating time trigger for intervals, calendar triggers for cron.</summary>
internal static partial class TaskTranslator
{
    private const int MaxTriggers = 48;
    private static readonly string[] DayNames = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Take(12).ToArray();

    private static IEnumerable<XElement> Triggers(BackgroundJobDefinition d)
    {
        if (d.Schedule?.Every is { } every)
        {
            return new[] { new XElement(Ns + "TimeTrigger", Enabled(), Start(0, 0), Repetition(every.Value, null)) };
        }

        if (d.Schedule?.Cron is { IsValid: true } cron)
        {
            return Calendar(d.Name, cron);
        }

        var logon = new XElement(Ns + "LogonTrigger", Enabled());
        if (d.Kind == JobKind.Agent && d.Scope == JobScope.User)
        {
            logon.Add(new XElement(Ns + "UserId", d.User));
        }

        return new[] { d.Kind == JobKind.Daemon ? new XElement(Ns + "BootTrigger", Enabled()) : logon };
    }

    private static IEnumerable<XElement> Calendar(string name, CronExpression cron)
    {
        var patterns = new List<XElement>();
        var weekdays = cron.DaysOfWeek!.Values.Select(v => v % 7).Distinct().OrderBy(v => v).ToList();
        var months = cron.Months!.IsUnrestricted ? null : cron.Months.Values;
        if (!cron.DaysOfMonth!.IsUnrestricted)
        {
            patterns.Add(new XElement(Ns + "ScheduleByMonth",
                new XElement(Ns + "DaysOfMonth", cron.DaysOfMonth.Values.Select(v => new XElement(Ns + "Day", v))),
                new XElement(Ns + "Months", (months ?? Enumerable.Range(1, 12)).Select(m => new XElement(Ns + MonthNames[m - 1])))));
        }

        if (!cron.DaysOfWeek.IsUnrestricted)
        {
            var days = new XElement(Ns + "DaysOfWeek", weekdays.Select(v => new XElement(Ns + DayNames[v])));
            patterns.Add(months is null
                ? new XElement(Ns + "ScheduleByWeek", new XElement(Ns + "WeeksInterval", 1), days)
                : new XElement(Ns + "ScheduleByMonthDayOfWeek",
                    new XElement(Ns + "Weeks", new[] { "1", "2", "3", "4", "Last" }.Select(w => new XElement(Ns + "Week", w))),
                    days,
                    new XElement(Ns + "Months", months.Select(m => new XElement(Ns + MonthNames[m - 1])))));
        }

        if (patterns.Count == 0)
        {
            patterns.Add(months is null
                ? new XElement(Ns + "ScheduleByDay", new XElement(Ns + "DaysInterval", 1))
                : new XElement(Ns + "ScheduleByMonth",
                    new XElement(Ns + "DaysOfMonth", Enumerable.Range(1, 31).Select(v => new XElement(Ns + "Day", v))),
                    new XElement(Ns + "Months", months.Select(m => new XElement(Ns + MonthNames[m - 1])))));
        }

        var times = cron.Hours!.Values.SelectMany(h => cron.Minutes!.Values.Select(m => (Hour: h, Minute: m))).ToList();
        if (times.Count * patterns.Count <= MaxTriggers)
        {
            return patterns.SelectMany(pattern => times.Select(t => new XElement(Ns + "CalendarTrigger", Enabled(), Start(t.Hour, t.Minute), new XElement(pattern))));
        }

        var minutes = cron.Minutes!.Values;
        var step = minutes.Count > 1 ? minutes[1] - minutes[0] : 60;
        var regular = cron.Hours.IsUnrestricted && 60 % step == 0 && minutes.Count == 60 / step && minutes.Select((m, i) => m == minutes[0] + (i * step)).All(x => x);
        if (!regular || patterns.Count > MaxTriggers)
        {
            throw new UnsupportedFormatException($"{name}: '{cron}' needs {times.Count * patterns.Count} calendar triggers; Task Scheduler allows {MaxTriggers}.");
        }

        return patterns.Select(pattern => new XElement(Ns + "CalendarTrigger", Enabled(), Start(0, minutes[0]), Repetition(TimeSpan.FromMinutes(step), TimeSpan.FromDays(1)), new XElement(pattern)));
    }

    private static XElement Repetition(TimeSpan interval, TimeSpan? duration)
    {
        var repetition = new XElement(Ns + "Repetition", new XElement(Ns + "Interval", Iso(interval)));
        if (duration is { } length)
        {
            repetition.Add(new XElement(Ns + "Duration", Iso(length)));
        }

        return repetition;
    }

    private static XElement Start(int hour, int minute) =>
        new(Ns + "StartBoundary", new DateTime(2000, 1, 1, hour, minute, 0, DateTimeKind.Unspecified).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));

    private static XElement Enabled() => new(Ns + "Enabled", "true");

    private static string Iso(TimeSpan span) => XmlConvert.ToString(span);
}
