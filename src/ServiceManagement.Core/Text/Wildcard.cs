using System.Text;
using System.Text.RegularExpressions;

namespace ServiceManagement.Text;

/// <summary>
/// PowerShell-style wildcards (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, and a backtick to take
/// the next character literally), matched ignoring case, without System.Management.Automation.
/// </summary>
public sealed class Wildcard
{
    private readonly Regex _regex;

    public Wildcard(string pattern)
    {
        Pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        _regex = new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Pattern { get; }

    public bool IsMatch(string text) => _regex.IsMatch(text);

    /// <summary>A pattern that matches exactly <paramref name="text"/>: every wildcard character taken literally.</summary>
    public static string Escape(string text) =>
        new string(text.SelectMany(c => c is '*' or '?' or '[' or ']' or '`' ? new[] { '`', c } : new[] { c }).ToArray());

    /// <summary>True when any pattern matches; no patterns at all match everything.</summary>
    public static bool MatchesAny(IEnumerable<string>? patterns, string text) =>
        patterns is null || !patterns.Any() || patterns.Any(p => new Wildcard(p).IsMatch(text));

    private static string ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    builder.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    builder.Append(".*");
                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        var set = pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\").Replace("^", "\\^");
                        builder.Append('[').Append(set).Append(']');
                        i = close;
                    }
                    else
                    {
                        builder.Append("\\[");
                    }

                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return builder.Append('$').ToString();
    }
}
