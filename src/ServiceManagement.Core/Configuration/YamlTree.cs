using ServiceManagement.Text;
using ServiceManagement.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ServiceManagement.Configuration;

/// <summary>What a plain YAML scalar means under the YAML 1.2 core schema.</summary>
internal enum YamlScalarType
{
    String,
    Null,
    Boolean,
    Integer,
    Real,
}

internal abstract class YamlNode
{
    protected YamlNode(SourceLocation location) => Location = location;

    public SourceLocation Location { get; }

    public abstract string Describe();
}

internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, bool isPlain, SourceLocation location)
        : base(location)
    {
        Value = value;
        Type = isPlain ? Resolve(value) : YamlScalarType.String;
    }

    public string Value { get; }

    public YamlScalarType Type { get; }

    /// <summary>The type a plain scalar with this text resolves to (YAML 1.2 core schema).</summary>
    public static YamlScalarType Resolve(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => YamlScalarType.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => YamlScalarType.Boolean,
        _ when IsInteger(text) => YamlScalarType.Integer,
        _ when IsReal(text) => YamlScalarType.Real,
        _ => YamlScalarType.String,
    };

    // The core schema's int and float (YAML 1.2, 10.3.2), checked by hand: every scalar a command reads or writes
    // is resolved, and a regular expression for each would be built by every command.

    /// <summary><c>[-+]?[0-9]+</c>, <c>0o[0-7]+</c> or <c>0x[0-9a-fA-F]+</c>.</summary>
    private static bool IsInteger(string text) =>
        text.StartsWith("0o", StringComparison.Ordinal) ? Ascii.AllFrom(text, 2, c => c is >= '0' and <= '7')
        : text.StartsWith("0x", StringComparison.Ordinal) ? Ascii.AllFrom(text, 2, Ascii.IsHexDigit)
        : Ascii.AllFrom(text, text.Length > 0 && text[0] is '-' or '+' ? 1 : 0, Ascii.IsDigit);

    /// <summary><c>[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?</c>, <c>[-+]?\.(inf|Inf|INF)</c> or <c>\.(nan|NaN|NAN)</c>.</summary>
    private static bool IsReal(string text)
    {
        if (text is ".nan" or ".NaN" or ".NAN")
        {
            return true;
        }

        var i = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        if (text.Substring(i) is ".inf" or ".Inf" or ".INF")
        {
            return true;
        }

        int Digits()
        {
            var start = i;
            while (i < text.Length && Ascii.IsDigit(text[i]))
            {
                i++;
            }

            return i - start;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (Digits() == 0)
            {
                return false;
            }
        }
        else if (Digits() == 0)
        {
            return false;
        }
        else if (i < text.Length && text[i] == '.')
        {
            i++;
            Digits();
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            if (Digits() == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    public override string Describe() => Type switch
    {
        YamlScalarType.Null => "null",
        YamlScalarType.Boolean => "a boolean",
        YamlScalarType.Integer => "a number",
        YamlScalarType.Real => "a number",
        _ => "a string",
    };
}

internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(IReadOnlyList<YamlNode> items, SourceLocation location)
        : base(location) => Items = items;

    public IReadOnlyList<YamlNode> Items { get; }

    public override string Describe() => "a list";
}

internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, SourceLocation location)
        : base(location) => Entries = entries;

    /// <summary>Entries in document order; keys are unique (the builder rejects duplicates).</summary>
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; }

    public override string Describe() => "a mapping";
}

/// <summary>
/// Builds a located node tree from YAML text. Hostile input is refused before it can hurt: nesting
/// deeper than <see cref="MaxDepth"/>, and aliases whose expansion would exceed
/// <see cref="MaxExpandedNodes"/> (an alias bomb is measured, never expanded: an alias shares its
/// anchor's node, and each node's expanded size is computed once).
/// </summary>
internal static class YamlTree
{
    public const int MaxDepth = 64;
    public const long MaxExpandedNodes = 200_000;

    public static YamlNode? Parse(string text, string file)
    {
        var builder = new Builder(new Parser(new StringReader(text)), file);
        return builder.ParseStream();
    }

    private sealed class Builder
    {
        private readonly IParser _parser;
        private readonly string _file;
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly Dictionary<YamlNode, long> _expandedSize = new();
        private long _total;
        private bool _aliased;

        public Builder(IParser parser, string file)
        {
            _parser = parser;
            _file = file;
        }

        public YamlNode? ParseStream()
        {
            try
            {
                _parser.MoveNext();
                Consume<StreamStart>();
                if (_parser.Current is StreamEnd)
                {
                    return null;
                }

                Consume<DocumentStart>();
                var root = ParseNode(0);
                Consume<DocumentEnd>();
                if (_parser.Current is not StreamEnd)
                {
                    throw Fail(_parser.Current!.Start, "The file holds more than one YAML document; put every job under one jobs: list.");
                }

                return root;
            }
            catch (YamlException ex) when (ex is not ConfigurationSyntaxException)
            {
                throw new ConfigurationSyntaxException(
                    new SourceLocation(_file, (int)ex.Start.Line, (int)ex.Start.Column), "This is not valid YAML: " + Clean(ex.Message));
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // YamlDotNet gives up on some malformed input this way (a plain scalar its scanner cannot finish,
                // a tag that is not a URI) rather than with a YamlException.
                var at = _parser.Current?.Start ?? Mark.Empty;
                throw new ConfigurationSyntaxException(new SourceLocation(_file, (int)at.Line, (int)at.Column), "This is not valid YAML: the text after this point cannot be read (" + ex.Message + ").");
            }
        }

        private YamlNode ParseNode(int depth)
        {
            var current = _parser.Current ?? throw Fail(Mark.Empty, "The YAML ends unexpectedly.");
            if (depth > MaxDepth)
            {
                throw Fail(current.Start, $"The YAML nests deeper than {MaxDepth} levels.");
            }

            if (current is AnchorAlias alias)
            {
                _parser.MoveNext();
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw Fail(alias.Start, $"The alias *{alias.Value.Value} refers to no anchor defined before it.");
                }

                _aliased = true;
                Count(alias.Start, _expandedSize[target]);
                return target;
            }

            var location = Locate(current.Start);
            YamlNode node;
            long size = 1;
            switch (current)
            {
                case Scalar scalar:
                    CheckTag(scalar.Tag, scalar.Start, "tag:yaml.org,2002:str");
                    _parser.MoveNext();
                    var isString = !scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str";
                    node = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain && !isString, location);
                    Count(scalar.Start, 1);
                    break;
                case SequenceStart sequenceStart:
                    CheckTag(sequenceStart.Tag, sequenceStart.Start, "tag:yaml.org,2002:seq");
                    _parser.MoveNext();
                    Count(sequenceStart.Start, 1);
                    var items = new List<YamlNode>();
                    while (_parser.Current is not SequenceEnd)
                    {
                        var item = ParseNode(depth + 1);
                        size += _expandedSize[item];
                        items.Add(item);
                    }

                    _parser.MoveNext();
                    node = new YamlSequence(items, location);
                    break;
                case MappingStart mappingStart:
                    CheckTag(mappingStart.Tag, mappingStart.Start, "tag:yaml.org,2002:map");
                    _parser.MoveNext();
                    Count(mappingStart.Start, 1);
                    var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
                    var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
                    while (_parser.Current is not MappingEnd)
                    {
                        var keyStart = _parser.Current!.Start;
                        if (ParseNode(depth + 1) is not YamlScalar key)
                        {
                            throw Fail(keyStart, "A mapping key must be a plain value, not a list or a mapping.");
                        }

                        if (seen.TryGetValue(key.Value, out var earlier))
                        {
                            throw Fail(keyStart, $"The key '{key.Value}' appears twice in one mapping (first at line {earlier.Location.Line}).");
                        }

                        seen.Add(key.Value, key);
                        var value = ParseNode(depth + 1);
                        size += 1 + _expandedSize[value];
                        entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, value));
                    }

                    _parser.MoveNext();
                    node = new YamlMapping(entries, location);
                    break;
                default:
                    throw Fail(current.Start, "Unexpected YAML structure.");
            }

            _expandedSize[node] = size;
            if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                _anchors[anchored.Anchor.Value] = node;
            }

            return node;
        }

        /// <summary>Adds an alias's or node's expanded size to the running total and stops at the cap.</summary>
        private void Count(Mark at, long nodes)
        {
            _total += nodes;
            if (_total > MaxExpandedNodes)
            {
                throw Fail(at, _aliased
                    ? $"The document expands to more than {MaxExpandedNodes} values (through anchors and aliases); it was refused unexpanded."
                    : $"The document holds more than {MaxExpandedNodes} values; split it into several files.");
            }
        }

        private void CheckTag(TagName tag, Mark at, string allowed)
        {
            if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != allowed && tag.Value != "tag:yaml.org,2002:str")
            {
                throw Fail(at, $"The YAML tag '{tag.Value}' is not supported here; remove it.");
            }
        }

        private void Consume<T>()
            where T : ParsingEvent
        {
            if (_parser.Current is not T)
            {
                throw Fail(_parser.Current?.Start ?? Mark.Empty, "Unexpected YAML structure.");
            }

            _parser.MoveNext();
        }

        private SourceLocation Locate(Mark mark) => new(_file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

        private ConfigurationSyntaxException Fail(Mark mark, string message) => new(Locate(mark), message);

        private static string Clean(string message)
        {
            var closing = message.IndexOf("): ", StringComparison.Ordinal);
            return closing >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(closing + 3) : message;
        }
    }
}

/// <summary>The YAML itself is malformed or hostile; raised inside the loader and turned into a finding.</summary>
internal sealed class ConfigurationSyntaxException : YamlException
{
    public ConfigurationSyntaxException(SourceLocation location, string message)
        : base(message)
    {
        Location = location;
    }

    public SourceLocation Location { get; }
}
