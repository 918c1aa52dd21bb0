using System.Runtime.InteropServices;
using ServiceManagement.Errors;

namespace ServiceManagement.IO;

/// <summary>Owner and permission bits a written file must end up with.</summary>
public sealed record FileOwnership(int UserId, int GroupId, int Mode);

/// <summary>What a directory entry is, as readdir reports it; Unknown where the file system does not say.</summary>
internal enum DirectoryEntryType
{
    Unknown,
    File,
    Directory,
    Link,
    Other,
}

/// <summary>The few POSIX calls .NET Standard does not offer: ownership, modes, symbolic links, the effective user.</summary>
public static class Posix
{
    [ThreadStatic]
    private static byte[]? _linkBuffer;

    public static bool IsSupported => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public static int EffectiveUserId => IsSupported ? (int)NativeMethods.geteuid() : -1;

    /// <summary>Readable and writable by the current user only (0600), owned by that user.</summary>
    public static FileOwnership OwnerOnly => new(EffectiveUserId, IsSupported ? (int)NativeMethods.getegid() : -1, 0b110_000_000);

    public static void SetOwnership(string path, FileOwnership ownership)
    {
        if (!IsSupported)
        {
            return;
        }

        if (NativeMethods.chmod(path, (uint)ownership.Mode) != 0)
        {
            throw Failure("set the mode of", path);
        }

        if (EffectiveUserId == 0 && NativeMethods.chown(path, (uint)ownership.UserId, (uint)ownership.GroupId) != 0)
        {
            throw Failure("set the owner of", path);
        }
    }

    /// <summary>
    /// Creates a new file that has <paramref name="ownership"/>'s owner and at most its mode from its first byte
    /// (open with O_EXCL and O_NOFOLLOW, then fchown and fchmod), exactly its mode before the first byte is
    /// written: nobody else can read what is written to it, or have it written through a link. Elsewhere than
    /// POSIX, an ordinary new file.
    /// </summary>
    public static FileStream CreateNew(string path, FileOwnership ownership)
    {
        if (!IsSupported)
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }

        var macOS = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
        var flags = macOS ? 0x1 | 0x200 | 0x800 | 0x100 | 0x1000000 : 0x1 | 0x40 | 0x80 | 0x20000 | 0x80000;
        var descriptor = NativeMethods.open(path, flags, (uint)(ownership ?? throw new ArgumentNullException(nameof(ownership))).Mode);
        if (descriptor < 0)
        {
            throw Marshal.GetLastWin32Error() == 17 ? new IOException($"'{path}' exists already.") : Failure("create", path);
        }

        var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
        // The mode after the owner: chown may clear set-id bits, and open's mode passed through the umask.
        if ((EffectiveUserId == 0 && NativeMethods.fchown(descriptor, (uint)ownership.UserId, (uint)ownership.GroupId) != 0)
            || NativeMethods.fchmod(descriptor, (uint)ownership.Mode) != 0)
        {
            var failure = Failure("set the owner and mode of", path);
            handle.Dispose();
            throw failure;
        }

        return new FileStream(handle, FileAccess.Write);
    }

    /// <summary>
    /// Renames <paramref name="from"/> to <paramref name="to"/>, replacing what is there in one step (rename(2)).
    /// File.Move and File.Replace look at both paths first, three more lookups of each written file.
    /// </summary>
    public static void Rename(string from, string to)
    {
        if (NativeMethods.rename(from, to) != 0)
        {
            throw Failure("rename '" + from + "' to", to);
        }
    }

    /// <summary>Makes <paramref name="link"/> a symbolic link to <paramref name="target"/> (symlink(2)); netstandard2.0 has no API for it.</summary>
    public static void CreateSymbolicLink(string link, string target)
    {
        if (NativeMethods.symlink(target, link) != 0)
        {
            throw Failure("link", link);
        }
    }

    /// <summary>The target of a symbolic link, or null when <paramref name="path"/> is not one.</summary>
    public static string? ReadLink(string path)
    {
        if (!IsSupported)
        {
            return null;
        }

        // One buffer per thread: an inventory reads hundreds of links, and a fresh 4 KiB each was a
        // measurable share of a short command's time (the GC clears and the kernel faults in every new page).
        var buffer = _linkBuffer ??= new byte[4096];
        var length = NativeMethods.readlink(path, buffer, (IntPtr)buffer.Length).ToInt64();
        return length <= 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    /// <summary>The path with every symbolic link resolved (realpath(3)), or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        if (!IsSupported)
        {
            return null;
        }

        var resolved = NativeMethods.realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringAnsi(resolved);
        }
        finally
        {
            NativeMethods.free(resolved);
        }
    }

    /// <summary>
    /// The text of a small kernel file (/proc's), at most <paramref name="buffer"/>'s length of it, in one open,
    /// read and close; null where it cannot be read (the process ended, or is not this user's to inspect), and
    /// off Linux. .NET's File API adds an fstat, a flock and a second read to each file: svcmgmt top reads one
    /// for each of 200 jobs at every refresh, where those calls cost as much as the reads.
    /// </summary>
    internal static string? ReadKernelFile(string path, byte[] buffer)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return null;
        }

        const int ReadOnlyCloseOnExec = 0x80000;
        var descriptor = NativeMethods.open(path, ReadOnlyCloseOnExec, 0);
        if (descriptor < 0)
        {
            return null;
        }

        try
        {
            var length = NativeMethods.read(descriptor, buffer, (IntPtr)buffer.Length).ToInt64();
            return length < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length);
        }
        finally
        {
            NativeMethods.close(descriptor);
        }
    }

    /// <summary>
    /// The entries of a directory (without . and ..) and their types as the directory records them (readdir's
    /// d_type), so that listing needs no stat or readlink per entry; null when it cannot be listed that way —
    /// not Linux, whose dirent layout this reads, or not a directory — and the caller asks .NET.
    /// </summary>
    internal static IReadOnlyList<(string Name, DirectoryEntryType Type)>? ListDirectory(string path)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return null;
        }

        var directory = NativeMethods.opendir(path);
        if (directory == IntPtr.Zero)
        {
            return null;
        }

        // struct dirent (glibc and musl, 64-bit): d_ino and d_off (8 bytes each), d_reclen (2), d_type (1), d_name.
        const int TypeOffset = 18;
        const int NameOffset = 19;
        try
        {
            var entries = new List<(string, DirectoryEntryType)>();
            for (var entry = NativeMethods.readdir(directory); entry != IntPtr.Zero; entry = NativeMethods.readdir(directory))
            {
                var name = Marshal.PtrToStringAnsi(entry + NameOffset)!;
                if (name is "." or "..")
                {
                    continue;
                }

                entries.Add((name, Marshal.ReadByte(entry, TypeOffset) switch
                {
                    4 => DirectoryEntryType.Directory,
                    8 => DirectoryEntryType.File,
                    10 => DirectoryEntryType.Link,
                    0 => DirectoryEntryType.Unknown,
                    _ => DirectoryEntryType.Other,
                }));
            }

            return entries;
        }
        finally
        {
            NativeMethods.closedir(directory);
        }
    }

    private static Exception Failure(string what, string path)
    {
        var errno = Marshal.GetLastWin32Error();
        var message = $"Could not {what} '{path}' (errno {errno}).";
        return errno is 1 or 13 ? new PermissionDeniedException(message) : new PlatformException(message);
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern uint geteuid();

        [DllImport("libc", SetLastError = true)]
        public static extern uint getegid();

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int chmod(string path, uint mode);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int chown(string path, uint owner, uint group);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int open(string path, int flags, uint mode);

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr read(int descriptor, byte[] buffer, IntPtr count);

        [DllImport("libc")]
        public static extern int close(int descriptor);

        [DllImport("libc", SetLastError = true)]
        public static extern int fchown(int descriptor, uint owner, uint group);

        [DllImport("libc", SetLastError = true)]
        public static extern int fchmod(int descriptor, uint mode);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int rename(string from, string to);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr readlink(string path, byte[] buffer, IntPtr size);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int symlink(string target, string link);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr realpath(string path, IntPtr resolved);

        [DllImport("libc")]
        public static extern void free(IntPtr pointer);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr opendir(string path);

        [DllImport("libc", SetLastError = true)]
        public static extern IntPtr readdir(IntPtr directory);

        [DllImport("libc")]
        public static extern int closedir(IntPtr directory);
    }
}
