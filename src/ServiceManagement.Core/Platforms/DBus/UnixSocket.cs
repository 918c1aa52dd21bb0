using System.Runtime.InteropServices;
using System.Text;
using ServiceManagement.Errors;

namespace ServiceManagement.Platforms.DBus;

/// <summary>
/// A connected, blocking Unix stream socket (Linux) through libc's calls themselves. System.Net.Sockets
/// started its socket engine with the first connection — an epoll instance and a thread whose start the
/// caller spun waiting for (strace: a dozen sched_yield) — which a blocking D-Bus client never uses.
/// Failures are <see cref="PlatformException"/>s naming the socket and the system's reason.
/// </summary>
internal sealed class UnixSocket : IDisposable
{
    private const int UnixFamily = 1;
    private const int StreamCloseOnExec = 1 | 0x80000;
    private const int NoSignal = 0x4000;
    private const short ReadableEvent = 0x1;
    private const int Interrupted = 4;

    /// <summary>struct sockaddr_un: the family (2 bytes), then sun_path, 108 bytes with its NUL.</summary>
    private const int AddressLength = 2 + 108;

    private readonly string _path;
    private int _descriptor;

    private UnixSocket(string path, int descriptor)
    {
        _path = path;
        _descriptor = descriptor;
    }

    /// <summary>Connects to the socket at <paramref name="path"/>: nothing listening, no such file, or no right to it is a <see cref="PlatformException"/>.</summary>
    public static UnixSocket Connect(string path)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            throw new PlatformException($"{path}: D-Bus sockets are reached on Linux only.");
        }

        var address = new byte[AddressLength];
        address[0] = UnixFamily;
        var name = Encoding.UTF8.GetBytes(path);
        if (name.Length >= AddressLength - 2)
        {
            throw new PlatformException($"The socket path {path} is longer than a Unix socket address holds (107 bytes).");
        }

        Buffer.BlockCopy(name, 0, address, 2, name.Length);
        var descriptor = NativeMethods.socket(UnixFamily, StreamCloseOnExec, 0);
        if (descriptor < 0)
        {
            throw Failure("open a socket for", path);
        }

        var socket = new UnixSocket(path, descriptor);
        while (NativeMethods.connect(descriptor, address, 2 + name.Length + 1) != 0)
        {
            if (Marshal.GetLastWin32Error() != Interrupted)
            {
                var failure = Failure("connect to", path);
                socket.Dispose();
                throw failure;
            }
        }

        return socket;
    }

    /// <summary>Sends all of <paramref name="bytes"/> (a closed peer is an error, not a SIGPIPE).</summary>
    public void Send(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            var count = NativeMethods.send(Descriptor, ref bytes[sent], (IntPtr)(bytes.Length - sent), NoSignal).ToInt64();
            if (count < 0)
            {
                if (Marshal.GetLastWin32Error() == Interrupted)
                {
                    continue;
                }

                throw Failure("send to", _path);
            }

            sent += (int)count;
        }
    }

    /// <summary>Whether something can be read (or the peer closed) within <paramref name="milliseconds"/>.</summary>
    public bool WaitReadable(int milliseconds)
    {
        var request = new PollRequest { Descriptor = Descriptor, Events = ReadableEvent };
        var ready = NativeMethods.poll(ref request, 1, milliseconds);
        if (ready < 0 && Marshal.GetLastWin32Error() != Interrupted)
        {
            throw Failure("wait for", _path);
        }

        return ready > 0;
    }

    /// <summary>Reads what the socket holds into <paramref name="buffer"/> at <paramref name="offset"/>, at most <paramref name="count"/> bytes; 0 when the peer closed.</summary>
    public int Receive(byte[] buffer, int offset, int count)
    {
        while (true)
        {
            var got = NativeMethods.recv(Descriptor, ref buffer[offset], (IntPtr)count, 0).ToInt64();
            if (got >= 0)
            {
                return (int)got;
            }

            if (Marshal.GetLastWin32Error() != Interrupted)
            {
                throw Failure("read from", _path);
            }
        }
    }

    public void Dispose()
    {
        if (_descriptor >= 0)
        {
            NativeMethods.close(_descriptor);
            _descriptor = -1;
        }
    }

    private int Descriptor => _descriptor >= 0 ? _descriptor : throw new ObjectDisposedException(nameof(UnixSocket));

    private static PlatformException Failure(string verb, string path)
    {
        var errno = Marshal.GetLastWin32Error();
        var reason = Marshal.PtrToStringAnsi(NativeMethods.strerror(errno)) ?? "errno " + errno;
        return new PlatformException($"Could not {verb} the D-Bus socket {path}: {reason}.");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollRequest
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int socket(int domain, int type, int protocol);

        [DllImport("libc", SetLastError = true)]
        public static extern int connect(int descriptor, byte[] address, int length);

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr send(int descriptor, ref byte buffer, IntPtr length, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr recv(int descriptor, ref byte buffer, IntPtr length, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll(ref PollRequest request, uint count, int milliseconds);

        [DllImport("libc")]
        public static extern int close(int descriptor);

        [DllImport("libc")]
        public static extern IntPtr strerror(int errno);
    }
}
