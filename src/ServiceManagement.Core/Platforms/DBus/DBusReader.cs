using System.Text;

namespace ServiceManagement.Platforms.DBus;

/// <summary>
/// Reads D-Bus marshalled values from one message held whole in memory; offsets (and so alignment) count
/// from the message's first byte. Every length is checked against the message, nesting is bounded, and a
/// fault is a <see cref="FormatException"/> naming its offset.
/// </summary>
internal sealed class DBusReader
{
    private const int MaxDepth = 64;
    private const int MaxArrayBytes = 64 * 1024 * 1024;

    private readonly byte[] _data;
    private readonly int _end;
    private readonly bool _littleEndian;

    public DBusReader(byte[] data, int end, bool littleEndian)
    {
        _data = data;
        _end = end;
        _littleEndian = littleEndian;
    }

    public int Position { get; set; }

    public IReadOnlyList<object> ReadAll(IReadOnlyList<DBusType> types) => types.Select(t => Read(t, 0)).ToList();

    public object Read(DBusType type, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fault($"values nested more than {MaxDepth} deep");
        }

        Align(type.Alignment);
        switch (type.Code)
        {
            case 'y':
                return _data[Take(1)];
            case 'b':
                var flag = UInt32();
                return flag <= 1 ? flag == 1 : throw Fault($"a boolean of {flag}");
            case 'n':
                return (short)Number(2);
            case 'q':
                return (ushort)Number(2);
            case 'i':
                return (int)Number(4);
            case 'u' or 'h':
                return (uint)Number(4);
            case 'x':
                return (long)Number(8);
            case 't':
                return Number(8);
            case 'd':
                return BitConverter.Int64BitsToDouble((long)Number(8));
            case 's' or 'o':
                return Text((int)Math.Min(UInt32(), int.MaxValue));
            case 'g':
                return Text(_data[Take(1)]);
            case 'v':
                var signature = Text(_data[Take(1)]);
                DBusType inner;
                try
                {
                    inner = DBusType.ParseSingle(signature);
                }
                catch (FormatException ex)
                {
                    throw Fault(ex.Message);
                }

                return new DBusVariant(signature, Read(inner, depth + 1));
            case 'a':
                var length = UInt32();
                if (length > MaxArrayBytes)
                {
                    throw Fault($"an array of {length} bytes");
                }

                var element = type.Children[0];
                Align(element.Alignment);
                var end = Position + (int)length;
                if (end > _end)
                {
                    throw Fault($"an array of {length} bytes that runs past the message's end");
                }

                var items = new List<object>();
                while (Position < end)
                {
                    items.Add(Read(element, depth + 1));
                }

                return Position == end ? items : throw Fault("an array whose elements overrun its length");
            default:
                return type.Children.Select(field => Read(field, depth + 1)).ToArray();
        }
    }

    public void Align(int boundary)
    {
        var padded = (Position + boundary - 1) / boundary * boundary;
        if (padded > _end)
        {
            throw Fault("padding that runs past the message's end");
        }

        for (; Position < padded; Position++)
        {
            if (_data[Position] != 0)
            {
                throw Fault("padding that is not zero");
            }
        }
    }

    public uint UInt32() => (uint)Number(4);

    private ulong Number(int size)
    {
        var start = Take(size);
        ulong value = 0;
        for (var i = 0; i < size; i++)
        {
            value |= (ulong)_data[start + (_littleEndian ? i : size - 1 - i)] << (8 * i);
        }

        return value;
    }

    private string Text(int length)
    {
        var start = Take(length);
        if (_data[Take(1)] != 0)
        {
            throw Fault("a string that does not end with a NUL byte");
        }

        var text = Encoding.UTF8.GetString(_data, start, length);
        return text.IndexOf('\0') < 0 ? text : throw Fault("a string that holds a NUL byte");
    }

    /// <summary>Steps over <paramref name="count"/> bytes and says where they start.</summary>
    private int Take(int count)
    {
        if (count < 0 || count > _end - Position)
        {
            throw Fault($"{count} bytes where the message has {_end - Position} left");
        }

        Position += count;
        return Position - count;
    }

    private FormatException Fault(string what) => new($"{what} at byte {Position}");
}
