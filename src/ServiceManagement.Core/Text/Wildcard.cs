using System.Text;
using System.Text.RegularExpressions;

namespace ServiceManagement.Text;

/// <summary>
/// PowerShell-style wildcards (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, and a backtick to take
/// the next character literally), matched ignoring case, without System.Management.Automation.
/// </summary>
internal sealed class Wildcard
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
    public static bool MatchesAny(IEnumerable<string>? patterns, string text) => new WildcardSet(patterns).IsMatch(text);

    /// <summary>The text a pattern matches when it has no wildcards (escapes resolved); null when it has some.</summary>
    internal static string? Literal(string pattern)
    {
        var builder = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '`' && i + 1 < pattern.Length)
            {
                builder.Append(pattern[++i]);
            }
            else if (c is '*' or '?' || (c == '[' && pattern.IndexOf(']', i + 1) > i + 1))
            {
                return null;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

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

/// <summary>
/// Many patterns matched at once: plain names by a case-insensitive set lookup, wildcard patterns by
/// their expressions, each built once. No patterns at all match everything.
/// </summary>
public sealed class WildcardSet
{
    private readonly HashSet<string>? _names;
    private readonly List<Wildcard> _patterns = new();

    public WildcardSet(IEnumerable<string>? patterns)
    {
        if (patterns is null)
        {
            return;
        }

        _names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pattern in patterns)
        {
            if (Wildcard.Literal(pattern) is { } name)
            {
                _names.Add(name);
            }
            else
            {
                _patterns.Add(new Wildcard(pattern));
            }
        }

        if (_names.Count == 0 && _patterns.Count == 0)
        {
            _names = null;
        }
    }

    public bool IsMatch(string text) =>
        _names is null && _patterns.Count == 0 || (_names?.Contains(text) ?? false) || _patterns.Any(p => p.IsMatch(text));
}
