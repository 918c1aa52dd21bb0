using System.Collections;
using System.Text;

namespace ServiceManagement.Platforms.DBus;

/// <summary>
/// Marshals values in little-endian D-Bus format, the mirror of <see cref="DBusReader"/>: each value is the
/// CLR type the reader returns for its D-Bus type (any <see cref="IEnumerable"/> serves for an array).
/// Alignment counts from the writer's start, which must itself sit on an 8-byte boundary of the message.
/// </summary>
internal sealed class DBusWriter
{
    private readonly List<byte> _bytes = new(256);

    public int Length => _bytes.Count;

    public byte[] ToArray() => _bytes.ToArray();

    public void WriteAll(string signature, IReadOnlyList<object> values)
    {
        var types = DBusType.Parse(signature);
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"The signature \"{signature}\" has {types.Count} values; {values.Count} were given.", nameof(values));
        }

        for (var i = 0; i < types.Count; i++)
        {
            Write(types[i], values[i]);
        }
    }

    public void Write(DBusType type, object value)
    {
        Align(type.Alignment);
        switch (type.Code, value)
        {
            case ('y', byte b):
                _bytes.Add(b);
                break;
            case ('b', bool flag):
                Number(flag ? 1u : 0u, 4);
                break;
            case ('n', short n):
                Number((ulong)(ushort)n, 2);
                break;
            case ('q', ushort q):
                Number(q, 2);
                break;
            case ('i', int i):
                Number((uint)i, 4);
                break;
            case ('u' or 'h', uint u):
                Number(u, 4);
                break;
            case ('x', long x):
                Number((ulong)x, 8);
                break;
            case ('t', ulong t):
                Number(t, 8);
                break;
            case ('d', double d):
                Number((ulong)BitConverter.DoubleToInt64Bits(d), 8);
                break;
            case ('s' or 'o', string text):
                var utf8 = Encoding.UTF8.GetBytes(text);
                Number((uint)utf8.Length, 4);
                _bytes.AddRange(utf8);
                _bytes.Add(0);
                break;
            case ('g', string signature):
                Signature(signature);
                break;
            case ('v', DBusVariant variant):
                Signature(variant.Signature);
                Write(DBusType.ParseSingle(variant.Signature), variant.Value);
                break;
            case ('a', IEnumerable items):
                var lengthAt = _bytes.Count;
                Number(0, 4);
                var element = type.Children[0];
                Align(element.Alignment);
                var start = _bytes.Count;
                foreach (var item in items)
                {
                    Write(element, item);
                }

                PatchUInt32(lengthAt, (uint)(_bytes.Count - start));

                break;
            case ('(' or '{', object[] fields) when fields.Length == type.Children.Count:
                for (var i = 0; i < fields.Length; i++)
                {
                    Write(type.Children[i], fields[i]);
                }

                break;
            default:
                throw new ArgumentException($"A {value.GetType().Name} cannot be written as the D-Bus type '{type.Code}'.", nameof(value));
        }
    }

    /// <summary>Overwrites the four bytes at <paramref name="offset"/> with <paramref name="value"/> (little-endian, as everything here is written).</summary>
    public void PatchUInt32(int offset, uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            _bytes[offset + i] = (byte)(value >> (8 * i));
        }
    }

    public void Align(int boundary)
    {
        while (_bytes.Count % boundary != 0)
        {
            _bytes.Add(0);
        }
    }

    private void Signature(string signature)
    {
        var ascii = Encoding.ASCII.GetBytes(signature);
        _bytes.Add(checked((byte)ascii.Length));
        _bytes.AddRange(ascii);
        _bytes.Add(0);
    }

    private void Number(ulong value, int size)
    {
        for (var i = 0; i < size; i++)
        {
            _bytes.Add((byte)(value >> (8 * i)));
        }
    }
}
