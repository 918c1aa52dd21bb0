using System.Globalization;
using System.Text;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// systemd's value syntaxes: command lines (quoting, C escapes, <c>%</c> specifiers as <c>%%</c>,
/// <c>$</c> as <c>$$</c>), environment assignments, time spans and calendar events.
/// </summary>
public static class SystemdSyntax
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

    /// <summary>An ExecStart= value that runs exactly <paramref name="program"/> with <paramref name="arguments"/>.</summary>
    public static string FormatCommandLine(string program, IEnumerable<string> arguments) =>
        string.Join(" ", new[] { program }.Concat(arguments).Select(word => QuoteWord(word.Replace("$", "$$")))).Replace("%", "%%");

    /// <summary>
    /// Splits an ExecStart= value into the program and its arguments, when it means exactly that: one
    /// command, no prefix (<c>-</c>, <c>@</c>, <c>+</c>, <c>!</c>, <c>:</c>), no specifiers other than
    /// <c>%%</c>, no <c>$VARIABLE</c> expansion. Anything else is not portable and is kept verbatim.
    /// </summary>
    public static bool TryParseCommandLine(string value, out string program, out IReadOnlyList<string> arguments)
    {
        program = string.Empty;
        arguments = Array.Empty<string>();
        if (!TryUnescapeSpecifiers(value, out var unescaped) || !TrySplitWords(unescaped, out var words) || words.Count == 0)
        {
            return false;
        }

        var expanded = new List<string>();
        foreach (var word in words)
        {
            if (word.Quoted is false && word.Text == ";")
            {
                return false;
            }

            if (!TryUnescapeDollars(word.Text, out var text))
            {
                return false;
            }

            expanded.Add(text);
        }

        if (!expanded[0].StartsWith("/", StringComparison.Ordinal))
        {
            return false;
        }

        program = expanded[0];
        arguments = expanded.Skip(1).ToList();
        return true;
    }

    /// <summary>One Environment= value assigning <paramref name="name"/>.</summary>
    public static string FormatEnvironment(string name, string value) => Quote(name + "=" + value).Replace("%", "%%");

    /// <summary>Reads the NAME=value pairs of one Environment= value; false when it uses specifiers or is malformed.</summary>
    public static bool TryParseEnvironment(string value, out IReadOnlyList<KeyValuePair<string, string>> assignments)
    {
        assignments = Array.Empty<KeyValuePair<string, string>>();
        if (!TryUnescapeSpecifiers(value, out var unescaped) || !TrySplitWords(unescaped, out var words))
        {
            return false;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var word in words)
        {
            var equals = word.Text.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            pairs.Add(new KeyValuePair<string, string>(word.Text.Substring(0, equals), word.Text.Substring(equals + 1)));
        }

        assignments = pairs;
        return true;
    }

    /// <summary>A plain setting such as WorkingDirectory= or User=, with specifiers escaped.</summary>
    public static string FormatPlain(string value) => value.Replace("%", "%%");

    public static bool TryParsePlain(string value, out string text) => TryUnescapeSpecifiers(value, out text);

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

    /// <summary>A value inside double quotes with backslash escapes, as systemd reads it back.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static string QuoteWord(string word) =>
        word.Length > 0 && word != ";" && word.All(c => !char.IsWhiteSpace(c) && c is not '"' and not '\'' and not '\\')
            ? word
            : Quote(word);

    private static bool TryUnescapeSpecifiers(string value, out string text)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%')
            {
                if (i + 1 < value.Length && value[i + 1] == '%')
                {
                    builder.Append('%');
                    i++;
                    continue;
                }

                text = value;
                return false;
            }

            builder.Append(value[i]);
        }

        text = builder.ToString();
        return true;
    }

    private static bool TryUnescapeDollars(string word, out string text)
    {
        var builder = new StringBuilder(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            if (word[i] == '$')
            {
                if (i + 1 < word.Length && word[i + 1] == '$')
                {
                    builder.Append('$');
                    i++;
                    continue;
                }

                if (i + 1 < word.Length && (word[i + 1] == '{' || char.IsLetter(word[i + 1]) || word[i + 1] == '_'))
                {
                    text = word;
                    return false;
                }
            }

            builder.Append(word[i]);
        }

        text = builder.ToString();
        return true;
    }

    private readonly record struct Word(string Text, bool Quoted);

    /// <summary>systemd's word splitting with quotes and C escapes; false on an unknown escape or an open quote.</summary>
    private static bool TrySplitWords(string value, out List<Word> words)
    {
        words = new List<Word>();
        var i = 0;
        while (true)
        {
            while (i < value.Length && char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            if (i == value.Length)
            {
                return true;
            }

            var builder = new StringBuilder();
            var quoted = false;
            char quote = default;
            for (; i < value.Length; i++)
            {
                var c = value[i];
                if (quote != default)
                {
                    if (c == quote)
                    {
                        quote = default;
                        continue;
                    }
                }
                else if (char.IsWhiteSpace(c))
                {
                    break;
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                    quoted = true;
                    continue;
                }

                if (c == '\\')
                {
                    if (!TryUnescape(value, ref i, builder))
                    {
                        return false;
                    }

                    continue;
                }

                builder.Append(c);
            }

            if (quote != default)
            {
                return false;
            }

            words.Add(new Word(builder.ToString(), quoted));
        }
    }

    private static bool TryUnescape(string value, ref int i, StringBuilder builder)
    {
        if (i + 1 >= value.Length)
        {
            return false;
        }

        var c = value[++i];
        switch (c)
        {
            case 'a': builder.Append('\a'); return true;
            case 'b': builder.Append('\b'); return true;
            case 'f': builder.Append('\f'); return true;
            case 'n': builder.Append('\n'); return true;
            case 'r': builder.Append('\r'); return true;
            case 't': builder.Append('\t'); return true;
            case 'v': builder.Append('\v'); return true;
            case 's': builder.Append(' '); return true;
            case '\\' or '"' or '\'' or ' ': builder.Append(c); return true;
            case 'x' when i + 2 < value.Length && int.TryParse(value.Substring(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex):
                builder.Append((char)hex);
                i += 2;
                return true;
            case 'u' when i + 4 < value.Length && int.TryParse(value.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var unicode):
                builder.Append((char)unicode);
                i += 4;
                return true;
            default:
                return false;
        }
    }
}
