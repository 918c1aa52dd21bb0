using System.Net.Sockets;
using ServiceManagement.Platforms.DBus;

namespace ServiceManagement.Tests.Support;

/// <summary>
/// A stand-in for systemd's private socket: accepts connections at a path, answers SASL EXTERNAL, records
/// every method call it reads (with the connection it came on) and lets the test decide each answer —
/// a reply, an error, signals, or nothing yet (to prove that calls arrive pipelined).
/// </summary>
internal sealed class FakeSystemdBus : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _thread;
    private readonly Action<DBusMessage, Peer> _answer;
    private readonly object _gate = new();
    private readonly List<(int Connection, DBusMessage Call)> _calls = new();

    public FakeSystemdBus(string socketPath, Action<DBusMessage, Peer> answer)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(socketPath)!);
        _answer = answer;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(8);
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>Each call as "member arguments", arrays joined by spaces, in the order read.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return _calls.Select(c => string.Join(" ", new[] { c.Call.Member! }.Concat(c.Call.Body.Select(Text)))).ToList();
            }
        }
    }

    /// <summary>Each call as read, in order.</summary>
    public IReadOnlyList<DBusMessage> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.Select(c => c.Call).ToList();
            }
        }
    }

    /// <summary>How many connections the calls came on.</summary>
    public int Connections
    {
        get
        {
            lock (_gate)
            {
                return _calls.Select(c => c.Connection).Distinct().Count();
            }
        }
    }

    public string? AuthenticationLine { get; private set; }

    public void Dispose() => _listener.Dispose();

    public static object[] Property(string name, string signature, object value) => new object[] { name, new DBusVariant(signature, value) };

    private static string Text(object value) => value is IEnumerable<object> items ? string.Join(" ", items.Select(Text)) : value.ToString() ?? string.Empty;

    private void Serve()
    {
        var connection = 0;
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                connection++;
                var peer = new Peer(client);
                try
                {
                    AuthenticationLine = peer.ReadAuthentication();
                    peer.SendRaw("OK 0123456789abcdef0123456789abcdef\r\n"u8.ToArray());
                    while (peer.Read() is { } call)
                    {
                        lock (_gate)
                        {
                            _calls.Add((connection, call));
                        }

                        _answer(call, peer);
                    }
                }
                catch (Exception ex) when (ex is SocketException or IOException)
                {
                }
            }
        }
    }

    /// <summary>One client connection as the fake sees it.</summary>
    internal sealed class Peer
    {
        private readonly Socket _socket;
        private uint _serial = 1000;

        public Peer(Socket socket) => _socket = socket;

        /// <summary>Calls read and not answered yet, for answers that wait for a whole batch.</summary>
        public List<DBusMessage> Held { get; } = new();

        public void Reply(DBusMessage call, string signature = "", params object[] body) =>
            SendRaw(DBusFraming.Encode(new DBusMessage(DBusMessageType.MethodReturn, ++_serial) { ReplySerial = call.Serial, Signature = signature, Body = body }));

        public void Error(DBusMessage call, string name, string message) =>
            SendRaw(DBusFraming.Encode(new DBusMessage(DBusMessageType.Error, ++_serial) { ReplySerial = call.Serial, ErrorName = name, Signature = "s", Body = new object[] { message } }));

        public void JobRemoved(uint id, string job, string unit, string result) =>
            SendRaw(DBusFraming.Encode(new DBusMessage(DBusMessageType.Signal, ++_serial)
            {
                Path = "/org/freedesktop/systemd1",
                Interface = "org.freedesktop.systemd1.Manager",
                Member = "JobRemoved",
                Signature = "uoss",
                Body = new object[] { id, job, unit, result },
            }));

        public void SendRaw(byte[] bytes) => _socket.Send(bytes);

        internal string ReadAuthentication()
        {
            var text = new List<byte>();
            while (!System.Text.Encoding.ASCII.GetString(text.ToArray()).EndsWith("BEGIN\r\n", StringComparison.Ordinal))
            {
                text.Add(Exactly(1)![0]);
            }

            return System.Text.Encoding.ASCII.GetString(text.ToArray());
        }

        internal DBusMessage? Read()
        {
            var header = Exactly(DBusFraming.FixedHeaderLength);
            if (header is null)
            {
                return null;
            }

            var whole = header.Concat(Exactly(DBusFraming.TotalLength(header) - header.Length) ?? throw new IOException("cut short")).ToArray();
            return DBusFraming.Decode(whole);
        }

        private byte[]? Exactly(int count)
        {
            var buffer = new byte[count];
            for (var read = 0; read < count;)
            {
                var got = _socket.Receive(buffer, read, count - read, SocketFlags.None);
                if (got == 0)
                {
                    return null;
                }

                read += got;
            }

            return buffer;
        }
    }
}
