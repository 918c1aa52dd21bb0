namespace ServiceManagement.Platforms.DBus;

internal enum DBusMessageType : byte
{
    MethodCall = 1,
    MethodReturn = 2,
    Error = 3,
    Signal = 4,
}

/// <summary>
/// One D-Bus message as the specification lays it out: header fields, then a body read by its signature.
/// Body values are typed by their D-Bus type: integers as the CLR integer of that width, <c>b</c> as bool,
/// <c>s o g</c> as string, arrays as <see cref="IReadOnlyList{T}"/> of object, structs and dict entries as
/// object[], variants as <see cref="DBusVariant"/>.
/// </summary>
internal sealed record DBusMessage(DBusMessageType Type, uint Serial)
{
    public string? Path { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    public string? ErrorName { get; init; }

    public uint? ReplySerial { get; init; }

    public string? Destination { get; init; }

    public string? Sender { get; init; }

    public string Signature { get; init; } = string.Empty;

    public IReadOnlyList<object> Body { get; init; } = Array.Empty<object>();
}

internal sealed record DBusVariant(string Signature, object Value);

/// <summary>An error reply: the error's name (org.freedesktop.systemd1.NoSuchUnit, …) and its message.</summary>
internal sealed class DBusErrorReply : Exception
{
    public DBusErrorReply(string name, string message)
        : base(message)
    {
        Name = name;
    }

    public string Name { get; }
}
