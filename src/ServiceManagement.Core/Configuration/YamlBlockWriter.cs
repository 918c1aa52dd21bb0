using System.Text;
using ServiceManagement.Model;

namespace ServiceManagement.Configuration;

/// <summary>Writes block-style mappings at one indentation; nested sections indent by two.</summary>
internal sealed class YamlBlockWriter : IDocumentWriter
{
    private readonly StringBuilder _output;
    private readonly string _indent;
    private string _nextIndent;

    public YamlBlockWriter(StringBuilder output, string firstIndent, string indent)
    {
        _output = output;
        _nextIndent = firstIndent;
        _indent = indent;
    }

    public void Value(string key, string? value)
    {
        if (value is not null)
        {
            Line(ConfigurationWriter.Scalar(key) + ": " + ConfigurationWriter.Scalar(value));
        }
    }

    public void Plain(string key, string? value)
    {
        if (value is not null)
        {
            Line(ConfigurationWriter.Scalar(key) + ": " + value);
        }
    }

    /// <summary>Writes a nested mapping; one left empty is written <c>key: {}</c> so that it reads back as present.</summary>
    public void Section(string key, Action<IDocumentWriter> body) => Nested(key, body);

    public void Items<T>(string key, IReadOnlyList<T> items, Action<IDocumentWriter, T> body)
    {
        if (items.Count == 0)
        {
            return;
        }

        Key(key);
        foreach (var item in items)
        {
            body(Item(), item);
        }
    }

    private void Key(string key) => Line(ConfigurationWriter.Scalar(key) + ":");

    private void Nested(string key, Action<YamlBlockWriter> body)
    {
        Key(key);
        var afterKey = _output.Length;
        body(new YamlBlockWriter(_output, _indent + "  ", _indent + "  "));
        if (_output.Length == afterKey)
        {
            _output.Length--;
            _output.Append(" {}\n");
        }
    }

    private YamlBlockWriter Item() => new(_output, _indent + "  - ", _indent + "    ");

    public void List(string key, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        Key(key);
        foreach (var item in items)
        {
            _output.Append(_indent).Append("  - ").Append(ConfigurationWriter.Scalar(item)).Append('\n');
        }
    }

    public void Secret(string key, string value) => Plain(key, "{ secret: " + ConfigurationWriter.Quote(value) + " }");

    public void KeptSecret(string key) => Plain(key, "{ keepSecret: true }");

    public void Raw(string key, ValueMap<RawValue> map)
    {
        if (map.Count > 0)
        {
            RawEntry(key, new RawMap(map));
        }
    }

    private void RawEntry(string key, RawValue value)
    {
        switch (value)
        {
            case RawScalar scalar:
                Line(ConfigurationWriter.Scalar(key) + ": " + RawScalarText(scalar));
                break;
            case RawList { Items.Count: 0 }:
                Line(ConfigurationWriter.Scalar(key) + ": []");
                break;
            case RawMap { Entries.Count: 0 }:
                Line(ConfigurationWriter.Scalar(key) + ": {}");
                break;
            case RawList list:
                Key(key);
                foreach (var item in list.Items)
                {
                    var writer = Item();
                    writer.RawItem(item);
                }

                break;
            case RawMap map:
                Nested(key, section =>
                {
                    foreach (var entry in map.Entries)
                    {
                        section.RawEntry(entry.Key, entry.Value);
                    }
                });
                break;
        }
    }

    /// <summary>Writes one sequence item; this writer's first line carries the "- ".</summary>
    private void RawItem(RawValue value)
    {
        switch (value)
        {
            case RawScalar scalar:
                Line(RawScalarText(scalar));
                break;
            case RawList { Items.Count: 0 }:
                Line("[]");
                break;
            case RawMap { Entries.Count: 0 }:
                Line("{}");
                break;
            case RawList list:
                var first = true;
                foreach (var item in list.Items)
                {
                    var writer = first ? new YamlBlockWriter(_output, _nextIndent + "- ", _indent + "  ") : new YamlBlockWriter(_output, _indent + "- ", _indent + "  ");
                    _nextIndent = _indent;
                    first = false;
                    writer.RawItem(item);
                }

                break;
            case RawMap map:
                foreach (var entry in map.Entries)
                {
                    RawEntry(entry.Key, entry.Value);
                }

                break;
        }
    }

    /// <summary>A native scalar as YAML: a literal where <see cref="ConfigurationWriter.Spell"/> says so, else a string; a date or data as a flow mapping.</summary>
    private static string RawScalarText(RawScalar scalar)
    {
        if (scalar.Type is RawScalarType.Date or RawScalarType.Data)
        {
            return $"{{ {ConfigurationWriter.Quote(RawTypes.Key(scalar.Type))}: {ConfigurationWriter.Quote(scalar.Text)} }}";
        }

        var (text, literal) = ConfigurationWriter.Spell(scalar);
        return literal ? text : ConfigurationWriter.Scalar(text);
    }

    private void Line(string text)
    {
        _output.Append(_nextIndent).Append(text).Append('\n');
        _nextIndent = _indent;
    }
}
