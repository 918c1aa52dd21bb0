using System.Globalization;
using System.Text;
using System.Xml;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>The file could not be read as a property list; the message says where and why.</summary>
public sealed class PropertyListException : Exception
{
    public PropertyListException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Property lists as <see cref="RawValue"/> trees: XML read and written (written deterministically:
/// keys in ordinal order, tabs, Apple's header), binary (bplist00) read. Reading is bounded: values nest at
/// most <see cref="MaxDepth"/> deep and a binary plist expands to at most <see cref="MaxObjects"/> objects
/// (its objects may be shared, so a small file could otherwise stand for an exponential tree).
/// </summary>
public static class PropertyList
{
    public const int MaxDepth = 64;
    public const int MaxObjects = 1_000_000;

    private static readonly DateTime BinaryEpoch = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static RawValue Read(byte[] bytes)
    {
        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        return bytes.Length >= 8 && Encoding.ASCII.GetString(bytes, 0, 6) == "bplist"
            ? BinaryReader.Read(bytes)
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

    private static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Date(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static PropertyListException Error(XmlReader reader, string message) =>
        new(reader is IXmlLineInfo info && info.HasLineInfo() ? $"line {info.LineNumber}, column {info.LinePosition}: {message}" : message);

    /// <summary>The binary format (bplist00): a trailer, an offset table, and typed objects referring to each other.</summary>
    private static class BinaryReader
    {
        public static RawValue Read(byte[] bytes)
        {
            if (bytes.Length < 40 || Encoding.ASCII.GetString(bytes, 0, 8) != "bplist00")
            {
                throw new PropertyListException("not a bplist00 binary property list");
            }

            var trailer = bytes.Length - 32;
            int offsetSize = bytes[trailer + 6];
            int referenceSize = bytes[trailer + 7];
            var count = Unsigned(bytes, trailer + 8, 8);
            var top = Unsigned(bytes, trailer + 16, 8);
            var table = Unsigned(bytes, trailer + 24, 8);
            if (offsetSize is < 1 or > 8 || referenceSize is < 1 or > 8 || count > (ulong)bytes.Length || top >= count || table + count * (ulong)offsetSize > (ulong)trailer)
            {
                throw new PropertyListException("the binary property list's trailer is inconsistent");
            }

            var offsets = new long[count];
            for (ulong i = 0; i < count; i++)
            {
                offsets[i] = (long)Unsigned(bytes, (int)(table + i * (ulong)offsetSize), offsetSize);
            }

            return new Parser(bytes, offsets, referenceSize).Object((long)top, 0);
        }

        private static ulong Unsigned(byte[] bytes, int at, int size)
        {
            if (at < 0 || at + size > bytes.Length)
            {
                throw new PropertyListException("a binary property list offset points outside the file");
            }

            ulong value = 0;
            for (var i = 0; i < size; i++)
            {
                value = (value << 8) | bytes[at + i];
            }

            return value;
        }

        private sealed class Parser
        {
            private readonly byte[] _bytes;
            private readonly long[] _offsets;
            private readonly int _referenceSize;
            private int _visited;

            public Parser(byte[] bytes, long[] offsets, int referenceSize)
            {
                _bytes = bytes;
                _offsets = offsets;
                _referenceSize = referenceSize;
            }

            public RawValue Object(long reference, int depth)
            {
                if (reference < 0 || reference >= _offsets.Length || depth > MaxDepth)
                {
                    throw new PropertyListException($"a binary property list refers to a missing object or nests deeper than {MaxDepth} levels");
                }

                if (++_visited > MaxObjects)
                {
                    throw new PropertyListException($"a binary property list expands to more than {MaxObjects} objects");
                }

                if (_offsets[reference] < 0 || _offsets[reference] >= _bytes.Length)
                {
                    throw new PropertyListException($"object {reference} of the binary property list lies outside the file (offset {_offsets[reference]})");
                }

                var at = (int)_offsets[reference];

                var marker = _bytes[at];
                int type = marker >> 4, info = marker & 0xF;
                switch (type)
                {
                    case 0x0 when info is 0x8 or 0x9:
                        return new RawScalar(info == 0x9 ? "true" : "false", RawScalarType.Boolean);
                    case 0x1:
                        var size = 1 << info;
                        var raw = Unsigned(_bytes, at + 1, Math.Min(size, 8));
                        return new RawScalar(size >= 8 ? ((long)raw).ToString(CultureInfo.InvariantCulture) : raw.ToString(CultureInfo.InvariantCulture), RawScalarType.Integer);
                    case 0x2:
                        var bits = Unsigned(_bytes, at + 1, 1 << info);
                        var real = info == 2 ? BitConverter.ToSingle(BitConverter.GetBytes((uint)bits), 0) : BitConverter.Int64BitsToDouble((long)bits);
                        return new RawScalar(Real(real), RawScalarType.Real);
                    case 0x3:
                        var seconds = BitConverter.Int64BitsToDouble((long)Unsigned(_bytes, at + 1, 8));
                        if (double.IsNaN(seconds) || seconds < (DateTime.MinValue - BinaryEpoch).TotalSeconds || seconds > (DateTime.MaxValue - BinaryEpoch).TotalSeconds)
                        {
                            throw new PropertyListException($"object {reference} of the binary property list is a date out of range ({seconds.ToString(CultureInfo.InvariantCulture)} seconds from 2001)");
                        }

                        return new RawScalar(Date(BinaryEpoch.AddSeconds(seconds)), RawScalarType.Date);
                    case 0x4:
                        var (dataLength, dataStart) = Length(at, info);
                        return new RawScalar(Convert.ToBase64String(_bytes, dataStart, Check(dataStart, dataLength)), RawScalarType.Data);
                    case 0x5:
                        var (asciiLength, asciiStart) = Length(at, info);
                        return new RawScalar(Encoding.ASCII.GetString(_bytes, asciiStart, Check(asciiStart, asciiLength)));
                    case 0x6:
                        var (unicodeLength, unicodeStart) = Length(at, info);
                        return new RawScalar(Encoding.BigEndianUnicode.GetString(_bytes, unicodeStart, Check(unicodeStart, unicodeLength * 2)));
                    case 0x8:
                        return new RawScalar(Unsigned(_bytes, at + 1, info + 1).ToString(CultureInfo.InvariantCulture), RawScalarType.Integer);
                    case 0xA:
                        var (arrayLength, arrayStart) = Length(at, info);
                        return new RawList(ValueList<RawValue>.From(Enumerable.Range(0, arrayLength).Select(i => Object(Reference(arrayStart, i), depth + 1)).ToList()));
                    case 0xD:
                        var (dictLength, dictStart) = Length(at, info);
                        var entries = Enumerable.Range(0, dictLength).Select(i => (
                            Key: Object(Reference(dictStart, i), depth + 1) is RawScalar { Type: RawScalarType.String } key ? key.Text : throw new PropertyListException("a dictionary key is not a string"),
                            Value: Object(Reference(dictStart, dictLength + i), depth + 1))).ToList();
                        if (entries.Select(e => e.Key).Distinct(StringComparer.Ordinal).Count() != entries.Count)
                        {
                            throw new PropertyListException($"dictionary {reference} of the binary property list has the same key twice");
                        }

                        return new RawMap(ValueMap<RawValue>.From(entries));
                    default:
                        throw new PropertyListException($"unsupported binary property list object 0x{marker:X2}");
                }
            }

            private long Reference(int start, int index) => (long)Unsigned(_bytes, start + index * _referenceSize, _referenceSize);

            private (int Length, int Start) Length(int at, int info)
            {
                if (info != 0xF)
                {
                    return (info, at + 1);
                }

                var marker = _bytes[at + 1];
                if (marker >> 4 != 0x1)
                {
                    throw new PropertyListException("a binary property list length is not an integer");
                }

                var size = 1 << (marker & 0xF);
                var length = Unsigned(_bytes, at + 2, size);
                return length > int.MaxValue / 2 ? throw new PropertyListException("a binary property list length is too large") : ((int)length, at + 2 + size);
            }

            private int Check(int start, int length) =>
                start + length <= _bytes.Length ? length : throw new PropertyListException("a binary property list object runs past the end of the file");
        }
    }
}
