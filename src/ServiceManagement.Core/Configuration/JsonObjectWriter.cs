using System.Text;
using ServiceManagement.Model;

namespace ServiceManagement.Configuration;

/// <summary>
/// Writes a job as one compact JSON object, directly from the model: the same keys and values as the YAML form,
/// strings in <see cref="ConfigurationWriter.Quote"/>'s escaping (which JSON shares), numbers and booleans as
/// literals where JSON has them.
/// </summary>
internal sealed class JsonObjectWriter : IDocumentWriter
{
    private readonly StringBuilder _output;
    private bool _first = true;

    private JsonObjectWriter(StringBuilder output) => _output = output;

    /// <summary>Appends <c>{ … }</c> holding what <paramref name="body"/> writes.</summary>
    public static void Write(StringBuilder output, Action<IDocumentWriter> body)
    {
        output.Append('{');
        body(new JsonObjectWriter(output));
        output.Append('}');
    }

    public void Value(string key, string? value)
    {
        if (value is not null)
        {
            Member(key).Append(ConfigurationWriter.Quote(value));
        }
    }

    public void Plain(string key, string? value)
    {
        if (value is not null)
        {
            Member(key).Append(value);
        }
    }

    public void List(string key, IReadOnlyList<string> items)
    {
        if (items.Count > 0)
        {
            Member(key).Append('[').Append(string.Join(",", items.Select(ConfigurationWriter.Quote))).Append(']');
        }
    }

    public void Section(string key, Action<IDocumentWriter> body)
    {
        Member(key);
        Write(_output, body);
    }

    public void Items<T>(string key, IReadOnlyList<T> items, Action<IDocumentWriter, T> body)
    {
        if (items.Count == 0)
        {
            return;
        }

        Member(key).Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            _output.Append(i == 0 ? string.Empty : ",");
            Write(_output, writer => body(writer, items[i]));
        }

        _output.Append(']');
    }

    public void Secret(string key, string value) => Plain(key, "{\"secret\":" + ConfigurationWriter.Quote(value) + "}");

    public void KeptSecret(string key) => Plain(key, "{\"keepSecret\":true}");

    public void Raw(string key, ValueMap<RawValue> map)
    {
        if (map.Count > 0)
        {
            Member(key);
            RawValueText(new RawMap(map));
        }
    }

    private void RawValueText(RawValue value)
    {
        switch (value)
        {
            case RawScalar { Type: RawScalarType.Date or RawScalarType.Data } typed:
                _output.Append('{').Append(ConfigurationWriter.Quote(RawTypes.Key(typed.Type))).Append(':').Append(ConfigurationWriter.Quote(typed.Text)).Append('}');
                break;
            case RawScalar scalar:
                var (text, literal) = ConfigurationWriter.Spell(scalar);
                _output.Append(!literal ? ConfigurationWriter.Quote(text) : scalar.Type == RawScalarType.Boolean ? text.ToLowerInvariant() : JsonForm.JsonNumber.IsMatch(text) ? text : ConfigurationWriter.Quote(text));
                break;
            case RawList list:
                _output.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    _output.Append(i == 0 ? string.Empty : ",");
                    RawValueText(list.Items[i]);
                }

                _output.Append(']');
                break;
            case RawMap map:
                Write(_output, writer =>
                {
                    var json = (JsonObjectWriter)writer;
                    foreach (var entry in map.Entries)
                    {
                        json.Member(entry.Key);
                        json.RawValueText(entry.Value);
                    }
                });
                break;
        }
    }

    private StringBuilder Member(string key)
    {
        _output.Append(_first ? string.Empty : ",").Append(ConfigurationWriter.Quote(key)).Append(':');
        _first = false;
        return _output;
    }
}
