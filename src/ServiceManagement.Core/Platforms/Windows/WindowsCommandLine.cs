using System.Text;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Windows command lines as CommandLineToArgvW (and the Microsoft C runtime) split them. The program is
/// always quoted — an unquoted path with spaces is the classic unquoted-service-path hole — and an argument
/// is quoted when it is empty or holds whitespace or a quote, with backslashes doubled only where they
/// precede a quote.
/// </summary>
internal static class WindowsCommandLine
{
    /// <summary>The command line that <see cref="Split"/> turns back into exactly <paramref name="program"/> and <paramref name="arguments"/>.</summary>
    /// <exception cref="ArgumentException">The program contains a quote, which no Windows path can.</exception>
    public static string Join(string program, IEnumerable<string> arguments)
    {
        if (program is null || program.IndexOf('"') >= 0)
        {
            throw new ArgumentException("A program path cannot contain a double quote.", nameof(program));
        }

        var rest = JoinArguments(arguments);
        return "\"" + program + "\"" + (rest.Length == 0 ? string.Empty : " " + rest);
    }

    /// <summary>The arguments alone, as they follow the program: a task action's Arguments, or what CreateProcess is given after the program.</summary>
    public static string JoinArguments(IEnumerable<string> arguments)
    {
        var builder = new StringBuilder();
        foreach (var argument in arguments ?? throw new ArgumentNullException(nameof(arguments)))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            AppendArgument(builder, argument);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Splits a command line: the program by the first-word rule (quotes delimit it, backslashes are
    /// literal), then each argument by the backslash rules — 2n backslashes and a quote are n backslashes
    /// and a quote that opens or closes; 2n+1 backslashes and a quote are n backslashes and a literal quote;
    /// inside quotes <c>""</c> is a literal quote.
    /// </summary>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var result = new List<string>();
        var i = 0;
        var text = commandLine ?? string.Empty;
        var program = new StringBuilder();
        if (i < text.Length && text[i] == '"')
        {
            var end = text.IndexOf('"', 1);
            program.Append(end < 0 ? text.Substring(1) : text.Substring(1, end - 1));
            i = end < 0 ? text.Length : end + 1;
        }
        else
        {
            while (i < text.Length && !IsBlank(text[i]))
            {
                program.Append(text[i++]);
            }
        }

        result.Add(program.ToString());
        while (true)
        {
            while (i < text.Length && IsBlank(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                return result;
            }

            var argument = new StringBuilder();
            var quoted = false;
            while (i < text.Length && (quoted || !IsBlank(text[i])))
            {
                var backslashes = 0;
                while (i < text.Length && text[i] == '\\')
                {
                    backslashes++;
                    i++;
                }

                if (i < text.Length && text[i] == '"')
                {
                    argument.Append('\\', backslashes / 2);
                    if (backslashes % 2 == 1)
                    {
                        argument.Append('"');
                    }
                    else if (quoted && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        argument.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = !quoted;
                    }

                    i++;
                }
                else
                {
                    argument.Append('\\', backslashes);
                    if (i < text.Length && (quoted || !IsBlank(text[i])))
                    {
                        argument.Append(text[i++]);
                    }
                }
            }

            result.Add(argument.ToString());
        }
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private static void AppendArgument(StringBuilder builder, string argument)
    {
        if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
        {
            builder.Append(argument);
            return;
        }

        builder.Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            builder.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
            builder.Append(c);
            backslashes = 0;
        }

        builder.Append('\\', backslashes * 2).Append('"');
    }
}
