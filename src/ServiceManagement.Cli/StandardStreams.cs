using System.Runtime.InteropServices;
using System.Text;

namespace ServiceManagement.Cli;

/// <summary>
/// Where svcmgmt prints. On Linux and macOS, into a file or a pipe (every run under DSC, Ansible or a
/// script), straight to the descriptor: .NET's console stream readies the terminal before its first write
/// — a signal-handling thread and a pipe, which a command that prints text never uses — and wrote in
/// pieces of 256 bytes, a system call each (about a hundred for svcmgmt status --json of 119 jobs). Here
/// each <see cref="BufferChars"/> go out in one system call, flushed as the console's are, so lines still
/// appear as they are written. To a terminal, and on Windows, the console as .NET gives it (svcmgmt top
/// draws on it and reads its keys).
/// </summary>
internal static class StandardStreams
{
    /// <summary>
    /// A writer holds this many characters and their bytes, for standard output and error both: at 16 Ki
    /// characters their allocation was half a percent of svcmgmt dsc test's samples (perf), which writes two lines.
    /// </summary>
    private const int BufferChars = 4096;

    public static TextWriter Output => Redirected(1, Console.IsOutputRedirected) ?? Console.Out;

    public static TextWriter Error => Redirected(2, Console.IsErrorRedirected) ?? Console.Error;

    private static TextWriter? Redirected(int descriptor, bool redirected) =>
        redirected && !RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? new StreamWriter(new DescriptorStream(descriptor), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferChars) { AutoFlush = true }
            : null;

    /// <summary>An inherited descriptor, written with write(2); a reader that went away (EPIPE) ends the output quietly, as the console's stream does.</summary>
    private sealed class DescriptorStream : Stream
    {
        private const int Interrupted = 4;
        private const int BrokenPipe = 32;
        private readonly int _descriptor;
        private bool _readerGone;

        public DescriptorStream(int descriptor) => _descriptor = descriptor;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (buffer.Length > 0 && !_readerGone)
            {
                var written = (long)NativeMethods.write(_descriptor, ref MemoryMarshal.GetReference(buffer), buffer.Length);
                if (written >= 0)
                {
                    buffer = buffer[(int)written..];
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == BrokenPipe)
                {
                    _readerGone = true;
                }
                else if (errno != Interrupted)
                {
                    throw new IOException($"Could not write to descriptor {_descriptor}: {Marshal.GetPInvokeErrorMessage(errno)}.");
                }
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern nint write(int descriptor, ref byte buffer, nint count);
    }
}
