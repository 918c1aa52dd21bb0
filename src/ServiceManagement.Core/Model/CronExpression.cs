using System.Globalization;
using System.Text.RegularExpressions;

namespace ServiceManagement.Model;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week) with numbers, lists,
/// ranges, steps, <c>*</c>, and month and weekday names; the macros <c>@hourly</c>, <c>@daily</c>,
/// <c>@weekly</c>, <c>@monthly</c> and <c>@yearly</c> stand for their usual expansions.
/// Construction never throws: an invalid expression carries its <see cref="Errors"/> so that
/// validation can report every problem at once.
/// </summary>
public sealed class CronExpression : IEquatable<CronExpression>
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@hourly"] = "0 * * * *",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@weekly"] = "0 0 * * 0",
        ["@monthly"] = "0 0 1 * *",
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
    };

    private static readonly FieldSpec[] Specs =
    {
        new("minute", 0, 59, null),
        new("hour", 0, 23, null),
        new("day-of-month", 1, 31, null),
        new("month", 1, 12, new[] { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" }),
        new("day-of-week", 0, 7, new[] { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" }),
    };

    public CronExpression(string text)
    {
        Text = Whitespace.Replace((text ?? throw new ArgumentNullException(nameof(text))).Trim(), " ");
        var errors = new List<string>();
        var expanded = Macros.TryGetValue(Text, out var macro) ? macro : Text;
        var parts = expanded.Length == 0 ? Array.Empty<string>() : expanded.Split(' ');
        if (parts.Length != 5)
        {
            errors.Add($"'{Text}' has {parts.Length} field(s); a cron expression has five: minute hour day-of-month month day-of-week.");
        }
        else
        {
            var fields = new CronField[5];
            for (var i = 0; i < 5; i++)
            {
                fields[i] = ParseField(parts[i], Specs[i], errors);
            }

            if (errors.Count == 0)
            {
                Minutes = fields[0];
                Hours = fields[1];
                DaysOfMonth = fields[2];
                Months = fields[3];
                DaysOfWeek = fields[4];
            }
        }

        Errors = ValueList<string>.From(errors);
    }

    /// <summary>The expression as written, with runs of whitespace collapsed to one space.</summary>
    public string Text { get; }

    public ValueList<string> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public CronField? Minutes { get; }

    public CronField? Hours { get; }

    public CronField? DaysOfMonth { get; }

    public CronField? Months { get; }

    /// <summary>Days of the week, 0 (Sunday) to 6; 7 is read as Sunday.</summary>
    public CronField? DaysOfWeek { get; }

    private static CronField ParseField(string text, FieldSpec spec, List<string> errors)
    {
        var values = new SortedSet<int>();
        var before = errors.Count;
        foreach (var element in text.Split(','))
        {
            ParseElement(element, spec, values, errors);
        }

        if (spec.Name == "day-of-week" && values.Remove(7))
        {
            values.Add(0);
        }

        var unrestricted = errors.Count == before && values.Count == spec.Max - spec.Min + 1 - (spec.Name == "day-of-week" ? 1 : 0);
        return new CronField(ValueList<int>.From(values), text == "*" || unrestricted);
    }

    private static void ParseElement(string element, FieldSpec spec, SortedSet<int> values, List<string> errors)
    {
        if (element.Length == 0)
        {
            errors.Add($"The {spec.Name} field has an empty list item.");
            return;
        }

        var step = 1;
        var rangeText = element;
        var slash = element.IndexOf('/');
        if (slash >= 0)
        {
            rangeText = element.Substring(0, slash);
            var stepText = element.Substring(slash + 1);
            if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > spec.Max)
            {
                errors.Add($"The {spec.Name} field has the step '{stepText}'; a step is a whole number from 1 to {spec.Max}.");
                return;
            }
        }

        int low;
        int high;
        if (rangeText == "*")
        {
            low = spec.Min;
            high = spec.Name == "day-of-week" ? 6 : spec.Max;
        }
        else
        {
            var dash = rangeText.IndexOf('-');
            var lowText = dash >= 0 ? rangeText.Substring(0, dash) : rangeText;
            if (!TryValue(lowText, spec, errors, out low))
            {
                return;
            }

            if (dash >= 0)
            {
                if (!TryValue(rangeText.Substring(dash + 1), spec, errors, out high))
                {
                    return;
                }

                if (high < low)
                {
                    errors.Add($"The {spec.Name} range '{rangeText}' runs backwards; write the smaller value first.");
                    return;
                }
            }
            else
            {
                high = slash >= 0 ? spec.Max : low;
            }
        }

        for (var value = low; value <= high; value += step)
        {
            values.Add(value);
        }
    }

    private static bool TryValue(string text, FieldSpec spec, List<string> errors, out int value)
    {
        if (spec.Names is not null)
        {
            var index = Array.FindIndex(spec.Names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                value = index + spec.NameBase;
                return true;
            }
        }

        if (text.Length is > 0 and <= 9 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            if (value >= spec.Min && value <= spec.Max)
            {
                return true;
            }

            errors.Add($"The {spec.Name} value {value} is out of range; it must be from {spec.Min} to {spec.Max}.");
            return false;
        }

        value = 0;
        var names = spec.Names is null ? string.Empty : $" or a name ({string.Join(", ", spec.Names)})";
        errors.Add($"The {spec.Name} field has '{text}', which is not a number from {spec.Min} to {spec.Max}{names}.");
        return false;
    }

    public bool Equals(CronExpression? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as CronExpression);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text;

    private sealed record FieldSpec(string Name, int Min, int Max, string[]? Names)
    {
        public int NameBase => Name == "month" ? 1 : 0;
    }
}

/// <summary>The values one cron field selects, in ascending order.</summary>
/// <param name="Values">Every value the field matches.</param>
/// <param name="IsUnrestricted">True when the field matches every value (written <c>*</c> or equivalent).</param>
public sealed record CronField(ValueList<int> Values, bool IsUnrestricted);
