using System.Globalization;
using System.Text;

namespace ServiceManagement.Model;

/// <summary>
/// A span written the way people write them in configuration: <c>90s</c>, <c>15m</c>, <c>1h30m</c>,
/// <c>2d</c>, <c>500ms</c>. Units go from largest to smallest, each at most once. Zero parses (so that
/// validation can name the property that holds it) but is never a valid setting.
/// </summary>
public readonly struct Duration : IEquatable<Duration>, IComparable<Duration>
{
    /// <summary>Ten years: longer than any interval a job manager honours, short enough never to overflow.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(3650);

    private static readonly (string Suffix, long Ticks)[] Units =
    {
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    };

    public Duration(TimeSpan value)
    {
        if (value < TimeSpan.Zero || value > Maximum || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A duration is whole milliseconds from 0 to 3650 days.");
        }

        Value = value;
    }

    public TimeSpan Value { get; }

    public double TotalSeconds => Value.TotalSeconds;

    public static Duration FromSeconds(long seconds) => new(TimeSpan.FromSeconds(seconds));

    public static Duration FromTimeSpan(TimeSpan value) => new(value);

    /// <summary>Lets PowerShell bind a <see cref="TimeSpan"/> (<c>New-TimeSpan -Minutes 15</c>) where a duration is asked for.</summary>
    public static implicit operator Duration(TimeSpan value) => new(value);

    public static Duration Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    /// <summary>Parses a duration; on failure <paramref name="error"/> says what a valid one looks like.</summary>
    public static bool TryParse(string? text, out Duration duration, out string error)
    {
        duration = default;
        error = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            error = "A duration is a number with a unit, such as 90s, 15m, 1h30m or 2d.";
            return false;
        }

        long ticks = 0;
        var position = 0;
        var nextUnit = 0;
        while (position < text!.Length)
        {
            var digitsStart = position;
            while (position < text.Length && text[position] is >= '0' and <= '9')
            {
                position++;
            }

            if (position == digitsStart)
            {
                error = $"'{text}' is not a duration: expected a number at position {position + 1}; write it like 90s, 15m, 1h30m or 2d.";
                return false;
            }

            var digits = text.Substring(digitsStart, position - digitsStart);
            if (position < text.Length && text[position] is '.' or ',')
            {
                error = $"'{text}' has a fraction: a duration counts whole units; write it in a smaller one (for example 500ms for 0.5s, 90s for 1.5m).";
                return false;
            }

            var unitStart = position;
            while (position < text.Length && text[position] is >= 'a' and <= 'z')
            {
                position++;
            }

            var suffix = text.Substring(unitStart, position - unitStart);
            var unitIndex = Array.FindIndex(Units, u => u.Suffix == suffix);
            if (suffix.Length == 0)
            {
                error = $"'{text}' has a number without a unit; add one of d, h, m, s, ms (for example {digits}s).";
                return false;
            }

            if (unitIndex < 0)
            {
                error = $"'{text}' uses the unknown unit '{suffix}'; units are d, h, m, s and ms.";
                return false;
            }

            if (unitIndex < nextUnit)
            {
                error = $"'{text}' repeats a unit or puts a larger unit after a smaller one; write units from d down to ms, each once.";
                return false;
            }

            nextUnit = unitIndex + 1;
            if (digits.Length > 12 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount > Maximum.Ticks / Units[unitIndex].Ticks)
            {
                error = $"'{text}' is longer than the longest duration allowed (3650d).";
                return false;
            }

            ticks += amount * Units[unitIndex].Ticks;
            if (ticks > Maximum.Ticks)
            {
                error = $"'{text}' is longer than the longest duration allowed (3650d).";
                return false;
            }
        }

        duration = new Duration(TimeSpan.FromTicks(ticks));
        return true;
    }

    /// <summary>The canonical text: largest units first, zero parts left out (<c>90s</c> becomes <c>1m30s</c>).</summary>
    public override string ToString()
    {
        if (Value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        var remaining = Value.Ticks;
        foreach (var (suffix, unitTicks) in Units)
        {
            var amount = remaining / unitTicks;
            if (amount > 0)
            {
                builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(suffix);
                remaining -= amount * unitTicks;
            }
        }

        return builder.ToString();
    }

    public bool Equals(Duration other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is Duration other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public int CompareTo(Duration other) => Value.CompareTo(other.Value);

    public static bool operator ==(Duration left, Duration right) => left.Equals(right);

    public static bool operator !=(Duration left, Duration right) => !left.Equals(right);

    public static bool operator <(Duration left, Duration right) => left.CompareTo(right) < 0;

    public static bool operator >(Duration left, Duration right) => left.CompareTo(right) > 0;

    public static bool operator <=(Duration left, Duration right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Duration left, Duration right) => left.CompareTo(right) >= 0;
}
