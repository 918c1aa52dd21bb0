using System.Globalization;
using System.Text;
using System.Xml;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// Property lists as <see cref="RawValue"/> trees: XML read and written (written deterministically:
/// keys in ordinal order, tabs, Apple's header), binary (bplist00) read. Reading is bounded: values nest at
/// most <see cref="MaxDepth"/> deep and a binary plist expands to at most <see cref="MaxObjects"/> objects
/// (its objects may be shared, so a small file could otherwise stand for an exponential tree).
/// </summary>
internal static class PropertyList
{
    public const int MaxDepth = 64;
    public const int MaxObjects = 1_000_000;

    public static RawValue Read(byte[] bytes)
    {
        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        return bytes.Length >= 8 && Encoding.ASCII.GetString(bytes, 0, 6) == "bplist"
            ? BinaryPropertyList.Read(bytes)
            : ReadXml(Encoding.UTF8.GetString(bytes));
    }

    public static RawValue ReadXml(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true, IgnoreProcessingInstructions = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            reader.MoveToContent();
            if (reader.Name != "plist")
            {
                throw Error(reader, $"the root element is <{reader.Name}>, not <plist>");
            }

            reader.Read();
            var value = ReadValue(reader, 0);
            return value;
        }
        catch (XmlException ex)
        {
            throw new PropertyListException($"not well-formed XML at line {ex.LineNumber}, column {ex.LinePosition}: {ex.Message}", ex);
        }
    }

    public static string WriteXml(RawValue value)
    {
        var builder = new StringBuilder();
        builder.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        builder.Append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        builder.Append("<plist version=\"1.0\">\n");
        Write(builder, value, 0);
        builder.Append("</plist>\n");
        return builder.ToString();
    }

    private static RawValue ReadValue(XmlReader reader, int depth)
    {
        if (reader.NodeType != XmlNodeType.Element)
        {
            throw Error(reader, "expected a value element");
        }

        if (depth > MaxDepth)
        {
            throw Error(reader, $"values nest deeper than {MaxDepth} levels");
        }

        var name = reader.Name;
        switch (name)
        {
            case "dict":
                return ReadDict(reader, depth);
            case "array":
                var items = new List<RawValue>();
                if (reader.IsEmptyElement)
                {
                    reader.Read();
                    return new RawList(ValueList<RawValue>.Empty);
                }

                reader.Read();
                while (reader.NodeType != XmlNodeType.EndElement)
                {
                    items.Add(ReadValue(reader, depth + 1));
                }

                reader.Read();
                return new RawList(ValueList<RawValue>.From(items));
            case "true" or "false":
                reader.Skip();
                return new RawScalar(name, RawScalarType.Boolean);
            case "string" or "integer" or "real" or "date" or "data":
                return Scalar(name, Content(reader), reader);
            default:
                throw Error(reader, $"<{name}> is not a property-list element");
        }
    }

    /// <summary>An element's text, leaving the reader after it.</summary>
    private static string Content(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        return reader.ReadElementContentAsString();
    }

    private static RawValue Scalar(string element, string text, XmlReader reader)
    {
        switch (element)
        {
            case "integer":
                var trimmed = text.Trim();
                if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && !ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw Error(reader, $"'{trimmed}' is not an integer");
                }

                return new RawScalar(trimmed, RawScalarType.Integer);
            case "real":
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                    ? new RawScalar(Real(real), RawScalarType.Real)
                    : throw Error(reader, $"'{text.Trim()}' is not a real number");
            case "date":
                return DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
                    ? new RawScalar(Date(date), RawScalarType.Date)
                    : throw Error(reader, $"'{text.Trim()}' is not a date");
            case "data":
                try
                {
                    return new RawScalar(Convert.ToBase64String(Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c))))), RawScalarType.Data);
                }
                catch (FormatException ex)
                {
                    throw new PropertyListException("<data> is not base64", ex);
                }

            default:
                return new RawScalar(text);
        }
    }

    private static RawValue ReadDict(XmlReader reader, int depth)
    {
        var entries = new List<(string, RawValue)>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return new RawMap(ValueMap<RawValue>.Empty);
        }

        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.Name != "key")
            {
                throw Error(reader, $"expected <key> in a <dict>, found <{reader.Name}>");
            }

            var key = Content(reader);
            entries.Add((key, ReadValue(reader, depth + 1)));
        }

        reader.Read();
        if (entries.Select(e => e.Item1).Distinct(StringComparer.Ordinal).Count() != entries.Count)
        {
            throw new PropertyListException("a <dict> has the same <key> twice");
        }

        return new RawMap(ValueMap<RawValue>.From(entries));
    }

    private static void Write(StringBuilder builder, RawValue value, int depth)
    {
        var indent = new string('\t', depth);
        switch (value)
        {
            case RawMap map:
                if (map.Entries.Count == 0)
                {
                    builder.Append(indent).Append("<dict/>\n");
                    break;
                }

                builder.Append(indent).Append("<dict>\n");
                foreach (var entry in map.Entries)
                {
                    builder.Append(indent).Append('\t').Append("<key>").Append(Escape(entry.Key)).Append("</key>\n");
                    Write(builder, entry.Value, depth + 1);
                }

                builder.Append(indent).Append("</dict>\n");
                break;
            case RawList list:
                if (list.Items.Count == 0)
                {
                    builder.Append(indent).Append("<array/>\n");
                    break;
                }

                builder.Append(indent).Append("<array>\n");
                foreach (var item in list.Items)
                {
                    Write(builder, item, depth + 1);
                }

                builder.Append(indent).Append("</array>\n");
                break;
            case RawScalar { Type: RawScalarType.Boolean } boolean:
                builder.Append(indent).Append(string.Equals(boolean.Text, "true", StringComparison.OrdinalIgnoreCase) ? "<true/>" : "<false/>").Append('\n');
                break;
            case RawScalar scalar:
                var element = scalar.Type switch
                {
                    RawScalarType.Integer => "integer",
                    RawScalarType.Real => "real",
                    RawScalarType.Date => "date",
                    RawScalarType.Data => "data",
                    _ => "string",
                };
                builder.Append(indent).Append('<').Append(element).Append('>').Append(Escape(scalar.Text)).Append("</").Append(element).Append(">\n");
                break;
        }
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    internal static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Date(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static PropertyListException Error(XmlReader reader, string message) =>
        new(reader is IXmlLineInfo info && info.HasLineInfo() ? $"line {info.LineNumber}, column {info.LinePosition}: {message}" : message);
}
