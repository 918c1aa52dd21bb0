using System.Text.RegularExpressions;
using ServiceManagement.Configuration;
using Xunit;

namespace ServiceManagement.Tests.Configuration;

/// <summary>
/// The core schema's int and float and the writer's plain-safe rule, checked by hand in the engine, against the
/// expressions that state them (with <c>\z</c>: a final newline does not slip through as with <c>$</c>) over every
/// short string of the characters that matter and 200,000 random longer ones.
/// </summary>
public sealed class ScalarRulesTests
{
    private static readonly Regex Integer = new(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\z");
    private static readonly Regex Real = new(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\z");
    private static readonly Regex PlainSafe = new(@"^(?!---)([A-Za-z0-9_./\\$(]|-[A-Za-z0-9-])[A-Za-z0-9_./\\$()@+=,%~^-]*( [A-Za-z0-9_./\\$()@+=,%~^-]+)*\z");
    private const string Alphabet = "0178x o.eE+-aAfFgG nNiI_/\\$()@=,%~^:#'\"\n\t\u00e9";

    private static IEnumerable<string> Corpus()
    {
        var random = new Random(29);
        yield return string.Empty;
        foreach (var special in new[] { ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "+.nan", "0o17", "0o", "0x1F", "0x", "1e5", "1.e5", ".5", "5.", "-", "--", "---", "---x", "-x", "a b", "a  b", "a ", " a", "x:", "12\n", "abc\n" })
        {
            yield return special;
        }

        foreach (var a in Alphabet)
        {
            foreach (var b in Alphabet)
            {
                yield return new string(new[] { a, b });
                foreach (var c in "0.e-x a")
                {
                    yield return new string(new[] { a, b, c });
                }
            }
        }

        for (var n = 0; n < 200_000; n++)
        {
            yield return new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
        }
    }

    [Fact]
    public void Scalars_resolve_and_are_written_plain_exactly_as_the_rules_say()
    {
        foreach (var text in Corpus())
        {
            var expected = Integer.IsMatch(text) ? "Integer" : Real.IsMatch(text) ? "Real" : null;
            var resolved = YamlScalar.Resolve(text);
            if (expected is not null || resolved is YamlScalarType.Integer or YamlScalarType.Real)
            {
                Assert.True(expected == resolved.ToString(), $"'{Regex.Escape(text)}' resolved {resolved}, the rule says {expected}");
            }

            var plain = PlainSafe.IsMatch(text) && resolved == YamlScalarType.String && !text.EndsWith(":", StringComparison.Ordinal);
            Assert.True(plain == (ConfigurationWriter.Scalar(text) == text), $"'{Regex.Escape(text)}' written as {ConfigurationWriter.Scalar(text)}");
        }
    }
}
