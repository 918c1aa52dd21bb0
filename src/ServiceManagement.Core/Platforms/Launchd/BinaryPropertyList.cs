using System.Globalization;
using System.Text;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>The binary format (bplist00): a trailer, an offset table, and typed objects referring to each other.</summary>
internal static class BinaryPropertyList
{
    private static readonly DateTime BinaryEpoch = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);

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
            if (reference < 0 || reference >= _offsets.Length || depth > PropertyList.MaxDepth)
            {
                throw new PropertyListException($"a binary property list refers to a missing object or nests deeper than {PropertyList.MaxDepth} levels");
            }

            if (++_visited > PropertyList.MaxObjects)
            {
                throw new PropertyListException($"a binary property list expands to more than {PropertyList.MaxObjects} objects");
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
                    return new RawScalar(PropertyList.Real(real), RawScalarType.Real);
                case 0x3:
                    var seconds = BitConverter.Int64BitsToDouble((long)Unsigned(_bytes, at + 1, 8));
                    if (double.IsNaN(seconds) || seconds < (DateTime.MinValue - BinaryEpoch).TotalSeconds || seconds > (DateTime.MaxValue - BinaryEpoch).TotalSeconds)
                    {
                        throw new PropertyListException($"object {reference} of the binary property list is a date out of range ({seconds.ToString(CultureInfo.InvariantCulture)} seconds from 2001)");
                    }

                    return new RawScalar(PropertyList.Date(BinaryEpoch.AddSeconds(seconds)), RawScalarType.Date);
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
