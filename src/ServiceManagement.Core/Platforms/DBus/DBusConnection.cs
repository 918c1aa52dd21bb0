using System.Globalization;
using System.Text;
using ServiceManagement.Errors;

namespace ServiceManagement.Platforms.DBus;

/// <summary>
/// A synchronous peer-to-peer D-Bus connection over a Unix socket (systemd's private socket): SASL EXTERNAL
/// authentication, then method calls that may be pipelined (send many, then collect the replies by serial)
/// and the signals that arrive in between. Every read has a deadline, so a silent peer is an error, not a hang.
/// </summary>
internal sealed class DBusConnection : IDisposable
{
    private readonly UnixSocket _socket;
    private readonly string _address;
    private readonly Dictionary<uint, DBusMessage> _replies = new();
    private readonly List<byte[]> _unsent = new();
    private byte[] _input = new byte[64 * 1024];
    private int _inputStart;
    private int _inputEnd;
    private readonly TimeSpan _callTimeout;
    private uint _serial;

    private DBusConnection(UnixSocket socket, string address, TimeSpan callTimeout)
    {
        _socket = socket;
        _address = address;
        _callTimeout = callTimeout;
    }

    /// <summary>How long a method call may go unanswered unless the connection is opened with another limit.</summary>
    public static TimeSpan DefaultCallTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The name every call goes to: null on a peer-to-peer connection (systemd's private socket), the bus's own on a message bus.</summary>
    public string? Destination { get; set; }

    /// <summary>The serial of the last call made (0 before the first).</summary>
    public uint LastSerial => _serial;

    /// <summary>Called with each signal as it is read (while replies or signals are awaited); signals are not kept.</summary>
    public Action<DBusMessage>? OnSignal { get; set; }

    /// <summary>
    /// Connects and authenticates as <paramref name="userId"/>, or says why it cannot (nothing listens, the
    /// socket is not ours to open, the peer refused us): the caller then takes another way.
    /// </summary>
    public static DBusConnection? TryOpen(string socketPath, uint userId, out string? whyNot, TimeSpan? callTimeout = null)
    {
        UnixSocket socket;
        try
        {
            socket = UnixSocket.Connect(socketPath);
        }
        catch (PlatformException ex)
        {
            whyNot = ex.Message;
            return null;
        }

        try
        {
            var connection = new DBusConnection(socket, socketPath, callTimeout ?? DefaultCallTimeout);
            var hexUserId = string.Concat(Encoding.ASCII.GetBytes(userId.ToString(CultureInfo.InvariantCulture)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            // BEGIN goes with AUTH, as sd-bus's own clients send it. Sent after the OK instead, with the first
            // call right behind it, systemd 252 left that call unanswered in about 1 connection of 8 (the
            // server's read buffer held it when authentication ended); pipelined, 0 of 200 did.
            connection.SendText("\0AUTH EXTERNAL " + hexUserId + "\r\nBEGIN\r\n");
            var answer = connection.ReadLine(DateTime.UtcNow + connection._callTimeout);
            if (!answer.StartsWith("OK ", StringComparison.Ordinal))
            {
                socket.Dispose();
                whyNot = $"{socketPath} refused authentication as uid {userId}: {answer}";
                return null;
            }

            whyNot = null;
            return connection;
        }
        catch (Exception ex) when (ex is PlatformException or TimeoutException)
        {
            socket.Dispose();
            whyNot = ex is TimeoutException ? $"{socketPath} did not answer the authentication" : ex.Message;
            return null;
        }
    }

    /// <summary>
    /// Queues a method call; queued calls go out together (one system call) when an answer is first awaited,
    /// and the reply is collected with <see cref="Reply"/>.
    /// </summary>
    public uint Call(string path, string @interface, string member, string signature = "", params object[] arguments)
    {
        var serial = ++_serial;
        var bytes = DBusFraming.Encode(new DBusMessage(DBusMessageType.MethodCall, serial)
        {
            Destination = Destination,
            Path = path,
            Interface = @interface,
            Member = member,
            Signature = signature,
            Body = arguments,
        });
        _unsent.Add(bytes);
        return serial;
    }

    /// <summary>
    /// The body of the reply to call <paramref name="serial"/>, which must have the <paramref name="signature"/>
    /// the method declares; an error reply is thrown as <see cref="DBusErrorReply"/>.
    /// </summary>
    public IReadOnlyList<object> Reply(uint serial, string signature)
    {
        // One deadline for the whole wait: signals arriving meanwhile do not extend it.
        if (!WaitFor(() => _replies.ContainsKey(serial), DateTime.UtcNow + _callTimeout))
        {
            throw new PlatformException($"The D-Bus peer at {_address} did not answer within {_callTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds.");
        }

        var reply = _replies[serial];
        _replies.Remove(serial);
        if (reply.Type == DBusMessageType.Error)
        {
            throw new DBusErrorReply(reply.ErrorName ?? "org.freedesktop.DBus.Error.Failed", reply.Body.FirstOrDefault() as string ?? reply.ErrorName ?? "an error without a message");
        }

        return reply.Signature == signature
            ? reply.Body
            : throw new PlatformException($"The D-Bus peer at {_address} answered with the signature \"{reply.Signature}\" where \"{signature}\" was expected.");
    }

    /// <summary>Reads messages until <paramref name="done"/> holds (signals reach <see cref="OnSignal"/>), or the deadline passes (false).</summary>
    public bool WaitFor(Func<bool> done, DateTime deadline)
    {
        try
        {
            while (!done())
            {
                Receive(deadline);
            }

            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    private void Receive(DateTime deadline)
    {
        if (_unsent.Count > 0)
        {
            _socket.Send(_unsent.Count == 1 ? _unsent[0] : Concatenated(_unsent));
            _unsent.Clear();
        }

        var fixedHeader = ReadExactly(DBusFraming.FixedHeaderLength, deadline);
        DBusMessage message;
        try
        {
            var total = DBusFraming.TotalLength(fixedHeader);
            var whole = new byte[total];
            Buffer.BlockCopy(fixedHeader, 0, whole, 0, fixedHeader.Length);
            Take(whole, fixedHeader.Length, total - fixedHeader.Length, deadline);
            message = DBusFraming.Decode(whole);
        }
        catch (FormatException ex)
        {
            throw new PlatformException($"The D-Bus peer at {_address} sent a malformed message: {ex.Message}.");
        }

        switch (message.Type)
        {
            case DBusMessageType.MethodReturn or DBusMessageType.Error when message.ReplySerial is { } serial:
                _replies[serial] = message;
                break;
            case DBusMessageType.Signal:
                OnSignal?.Invoke(message);
                break;
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> bytes from what has been read, reading as much as the socket holds
    /// whenever that is not enough (many replies in one system call). Each read polls with what is left of
    /// the deadline, so the socket stays blocking.
    /// </summary>
    private byte[] ReadExactly(int count, DateTime deadline)
    {
        var bytes = new byte[count];
        Take(bytes, 0, count, deadline);
        return bytes;
    }

    /// <summary>Takes <paramref name="count"/> bytes into <paramref name="target"/> at <paramref name="offset"/>, as <see cref="ReadExactly"/> does.</summary>
    private void Take(byte[] target, int offset, int count, DateTime deadline)
    {
        while (_inputEnd - _inputStart < count)
        {
            Buffer.BlockCopy(_input, _inputStart, _input, 0, _inputEnd - _inputStart);
            _inputEnd -= _inputStart;
            _inputStart = 0;
            if (_input.Length < count)
            {
                Array.Resize(ref _input, count);
            }

            // Polled in slices, so that a request to stop (Ctrl+C) ends the wait within one of them.
            while (true)
            {
                Processes.Interruption.Token.ThrowIfCancellationRequested();
                var left = deadline - DateTime.UtcNow;
                var slice = left < Processes.Interruption.CheckInterval ? left : Processes.Interruption.CheckInterval;
                if (_socket.WaitReadable((int)Math.Ceiling(Math.Max(0, slice.TotalMilliseconds))))
                {
                    break;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException();
                }
            }

            var got = _socket.Receive(_input, _inputEnd, _input.Length - _inputEnd);
            if (got == 0)
            {
                throw new PlatformException($"The D-Bus peer at {_address} closed the connection.");
            }

            _inputEnd += got;
        }

        Buffer.BlockCopy(_input, _inputStart, target, offset, count);
        _inputStart += count;
    }

    private string ReadLine(DateTime deadline)
    {
        var line = new StringBuilder();
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            if (line.Length > 512)
            {
                throw new PlatformException($"The D-Bus peer at {_address} sent an authentication line over 512 bytes.");
            }

            line.Append((char)ReadExactly(1, deadline)[0]);
        }

        return line.ToString().TrimEnd('\r', '\n');
    }

    private void SendText(string text)
    {
        _socket.Send(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>The queued calls as one buffer: one send, as many calls as the socket takes at once.</summary>
    private static byte[] Concatenated(List<byte[]> messages)
    {
        var all = new byte[messages.Sum(m => m.Length)];
        var at = 0;
        foreach (var message in messages)
        {
            Buffer.BlockCopy(message, 0, all, at, message.Length);
            at += message.Length;
        }

        return all;
    }
}
