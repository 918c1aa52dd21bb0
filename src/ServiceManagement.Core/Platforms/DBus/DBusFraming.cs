namespace ServiceManagement.Platforms.DBus;

/// <summary>A message to bytes and back, per the specification's "Message Format".</summary>
internal static class DBusFraming
{
    /// <summary>The fixed start of every message: endianness, type, flags, version, body length, serial, field array length.</summary>
    public const int FixedHeaderLength = 16;

    private const int MaxMessageLength = 128 * 1024 * 1024;
    private const int BodyLengthOffset = 4;

    /// <summary>PATH (1) to UNIX_FDS (9), and the invalid 0: the header fields the specification defines.</summary>
    private const int HeaderFieldCodes = 10;
    private const byte NoReplyExpected = 0x1;

    private static readonly DBusType HeaderFields = DBusType.ParseSingle("a(yv)");
    private static readonly DBusType Byte = DBusType.ParseSingle("y");
    private static readonly DBusType UInt32 = DBusType.ParseSingle("u");

    public static byte[] Encode(DBusMessage message)
    {
        var fields = new List<object>();
        void Field(byte code, string signature, object? value)
        {
            if (value is not null)
            {
                fields.Add(new object[] { code, new DBusVariant(signature, value) });
            }
        }

        Field(1, "o", message.Path);
        Field(2, "s", message.Interface);
        Field(3, "s", message.Member);
        Field(4, "s", message.ErrorName);
        Field(5, "u", message.ReplySerial);
        Field(6, "s", message.Destination);
        Field(7, "s", message.Sender);
        Field(8, "g", message.Signature.Length > 0 ? message.Signature : null);

        // One buffer: the header, padded to 8, then the body, whose length is put in once it is written. Offsets
        // count from the message's start, and the body starts on a multiple of 8, so its alignment is its own.
        var writer = new DBusWriter();
        writer.Write(Byte, (byte)'l');
        writer.Write(Byte, (byte)message.Type);
        writer.Write(Byte, message.Type == DBusMessageType.MethodCall ? (byte)0 : NoReplyExpected);
        writer.Write(Byte, (byte)1);
        writer.Write(UInt32, 0u);
        writer.Write(UInt32, message.Serial);
        writer.Write(HeaderFields, fields);
        writer.Align(8);
        var bodyStart = writer.Length;
        writer.WriteAll(message.Signature, message.Body);
        writer.PatchUInt32(BodyLengthOffset, (uint)(writer.Length - bodyStart));
        return writer.ToArray();
    }

    /// <summary>How long the whole message is, from its fixed header; a length past the limit is a fault.</summary>
    public static int TotalLength(byte[] fixedHeader)
    {
        var reader = new DBusReader(fixedHeader, FixedHeaderLength, LittleEndian(fixedHeader)) { Position = 4 };
        var bodyLength = reader.UInt32();
        reader.Position = 12;
        var fieldsLength = reader.UInt32();
        var total = ((FixedHeaderLength + (long)fieldsLength + 7) / 8 * 8) + bodyLength;
        return total <= MaxMessageLength ? (int)total : throw new FormatException($"a message of {total} bytes (the limit is {MaxMessageLength})");
    }

    public static DBusMessage Decode(byte[] data)
    {
        if (data.Length < FixedHeaderLength)
        {
            throw new FormatException($"a message of {data.Length} bytes, shorter than the {FixedHeaderLength}-byte fixed header");
        }

        var littleEndian = LittleEndian(data);
        if (data[3] != 1)
        {
            throw new FormatException($"protocol version {data[3]} (only 1 exists) at byte 3");
        }

        var type = (DBusMessageType)data[1];
        var reader = new DBusReader(data, data.Length, littleEndian) { Position = 8 };
        var serial = reader.UInt32();
        reader.Position = 12;
        // By code, the first of each (codes past the last one defined are skipped, as the specification asks).
        var fields = new object?[HeaderFieldCodes];
        foreach (object[] field in (IReadOnlyList<object>)reader.Read(HeaderFields, 0))
        {
            if ((byte)field[0] is var code && code < fields.Length && fields[code] is null)
            {
                fields[code] = ((DBusVariant)field[1]).Value;
            }
        }

        reader.Align(8);

        T? Get<T>(byte code) where T : class => fields[code] is { } value ? value as T ?? throw new FormatException($"header field {code} of the wrong type") : null;
        var signature = Get<string>(8) ?? string.Empty;
        IReadOnlyList<DBusType> bodyTypes;
        try
        {
            bodyTypes = DBusType.Parse(signature);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{ex.Message} in the header");
        }

        var body = reader.ReadAll(bodyTypes);
        if (reader.Position != data.Length)
        {
            throw new FormatException($"{data.Length - reader.Position} bytes after the body its signature \"{signature}\" describes");
        }

        return new DBusMessage(type, serial)
        {
            Path = Get<string>(1),
            Interface = Get<string>(2),
            Member = Get<string>(3),
            ErrorName = Get<string>(4),
            ReplySerial = fields[5] is { } reply ? reply as uint? ?? throw new FormatException("header field 5 of the wrong type") : null,
            Destination = Get<string>(6),
            Sender = Get<string>(7),
            Signature = signature,
            Body = body,
        };
    }

    private static bool LittleEndian(byte[] data) => data[0] switch
    {
        (byte)'l' => true,
        (byte)'B' => false,
        _ => throw new FormatException($"the endianness mark 0x{data[0]:x2} at byte 0"),
    };
}
