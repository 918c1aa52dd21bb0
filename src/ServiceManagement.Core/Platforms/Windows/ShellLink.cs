using System.Text;

namespace ServiceManagement.Platforms.Windows;

/// <summary>What a Startup-folder shortcut runs: its target, arguments and working directory.</summary>
internal sealed record ShellLinkTarget(string? Target, string? Arguments, string? WorkingDirectory)
{
    public string? Description { get; init; }
}

/// <summary>
/// Reads <c>.lnk</c> files (MS-SHLLINK): the header, then — as its flags say — the item ID list (skipped),
/// LinkInfo (the local base path and common path suffix of the target), and the string data (name,
/// relative path, working directory, arguments, icon location), in UTF-16 or the ANSI code page.
/// Every length is checked against the file: a damaged shortcut is a <see cref="FormatException"/>.
/// </summary>
internal static class ShellLink
{
    private const int HeaderSize = 0x4C;
    private static readonly Guid LinkClsid = new("00021401-0000-0000-c000-000000000046");

    [Flags]
    private enum LinkFlags
    {
        HasLinkTargetIdList = 0x1,
        HasLinkInfo = 0x2,
        HasName = 0x4,
        HasRelativePath = 0x8,
        HasWorkingDir = 0x10,
        HasArguments = 0x20,
        HasIconLocation = 0x40,
        IsUnicode = 0x80,
    }

    public static ShellLinkTarget Read(byte[] data)
    {
        if (data is null || data.Length < HeaderSize || LittleEndian.Int32(data, 0) != HeaderSize || new Guid(data.Skip(4).Take(16).ToArray()) != LinkClsid)
        {
            throw new FormatException("Not a shell link: the header is missing.");
        }

        var flags = (LinkFlags)LittleEndian.Int32(data, 20);
        var at = HeaderSize;
        if (flags.HasFlag(LinkFlags.HasLinkTargetIdList))
        {
            at += 2 + UInt16(data, at);
        }

        string? target = null;
        if (flags.HasFlag(LinkFlags.HasLinkInfo))
        {
            var size = Int32(data, at);
            Require(data, at, size);
            target = LinkInfoPath(data.Skip(at).Take(size).ToArray());
            at += size;
        }

        string? Next(LinkFlags flag)
        {
            if (!flags.HasFlag(flag))
            {
                return null;
            }

            var characters = UInt16(data, at);
            var unicode = flags.HasFlag(LinkFlags.IsUnicode);
            var bytes = characters * (unicode ? 2 : 1);
            Require(data, at + 2, bytes);
            var text = unicode ? Encoding.Unicode.GetString(data, at + 2, bytes) : Encoding.ASCII.GetString(data, at + 2, bytes);
            at += 2 + bytes;
            return text;
        }

        var name = Next(LinkFlags.HasName);
        var relative = Next(LinkFlags.HasRelativePath);
        var workingDirectory = Next(LinkFlags.HasWorkingDir);
        var arguments = Next(LinkFlags.HasArguments);
        return new ShellLinkTarget(target ?? relative, arguments, workingDirectory) { Description = name };
    }

    /// <summary>LocalBasePath followed by CommonPathSuffix, preferring their Unicode forms when the structure has them.</summary>
    private static string? LinkInfoPath(byte[] info)
    {
        var headerSize = Int32(info, 4);
        var hasLocalPath = (Int32(info, 8) & 1) != 0;
        if (!hasLocalPath)
        {
            return null;
        }

        if (headerSize >= 0x24)
        {
            return UnicodeZ(info, Int32(info, 0x1C)) + UnicodeZ(info, Int32(info, 0x20));
        }

        return AnsiZ(info, Int32(info, 16)) + AnsiZ(info, Int32(info, 24));
    }

    private static string AnsiZ(byte[] data, int offset)
    {
        Require(data, offset, 1);
        var end = Array.IndexOf(data, (byte)0, offset);
        return Encoding.ASCII.GetString(data, offset, (end < 0 ? data.Length : end) - offset);
    }

    private static string UnicodeZ(byte[] data, int offset)
    {
        Require(data, offset, 2);
        var end = offset;
        while (end + 1 < data.Length && (data[end] | data[end + 1]) != 0)
        {
            end += 2;
        }

        return Encoding.Unicode.GetString(data, offset, end - offset);
    }

    private static int UInt16(byte[] data, int offset)
    {
        Require(data, offset, 2);
        return LittleEndian.UInt16(data, offset);
    }

    private static int Int32(byte[] data, int offset)
    {
        Require(data, offset, 4);
        var value = LittleEndian.Int32(data, offset);
        return value >= 0 ? value : throw new FormatException($"A negative length at byte {offset}.");
    }

    private static void Require(byte[] data, int offset, int count)
    {
        if (offset < 0 || count < 0 || offset > data.Length - count)
        {
            throw new FormatException($"The shortcut ends before byte {offset + count}.");
        }
    }
}
