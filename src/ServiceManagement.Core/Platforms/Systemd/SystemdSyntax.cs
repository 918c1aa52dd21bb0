using System.Globalization;
using System.Text;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// systemd's value syntaxes: command lines (quoting, C escapes, <c>%</c> specifiers as <c>%%</c>,
/// <c>$</c> as <c>$$</c>) and environment assignments; time spans and calendar events are <see cref="SystemdTime"/>.
/// </summary>
internal static class SystemdSyntax
{
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

    /// <summary>Whether a boolean setting is on, as systemd reads one (1, yes, y, true, t, on, in any case); absent is off.</summary>
    public static bool IsTrue(string? value) =>
        value is not null && new[] { "1", "yes", "y", "true", "t", "on" }.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>A plain setting such as WorkingDirectory= or User=, with specifiers escaped.</summary>
    public static string FormatPlain(string value) => value.Replace("%", "%%");

    public static bool TryParsePlain(string value, out string text) => TryUnescapeSpecifiers(value, out text);

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
