using System.Text.RegularExpressions;

namespace ServiceManagement.Text;

/// <summary>
/// A culture-invariant regular expression built when it is first used, not when its class is: under NativeAOT each
/// costs tens of microseconds to build, a class's static fields are built together, and most checks never run for
/// a given command (<c>svcmgmt dsc test</c> built nine of them to use one).
/// </summary>
internal sealed class Pattern
{
    private readonly string _expression;
    private Regex? _regex;

    public Pattern(string expression) => _expression = expression;

    // Two threads may both build it the first time; either result serves.
    private Regex Regex => _regex ??= new Regex(_expression, RegexOptions.CultureInvariant);

    public bool IsMatch(string input) => Regex.IsMatch(input);

    public Match Match(string input) => Regex.Match(input);

    public MatchCollection Matches(string input) => Regex.Matches(input);

    public string Replace(string input, string replacement) => Regex.Replace(input, replacement);
}
