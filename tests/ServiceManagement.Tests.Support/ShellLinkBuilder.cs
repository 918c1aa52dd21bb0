using System.Text;

namespace ServiceManagement.Tests.Support;

/// <summary>Shortcuts laid out byte by byte from MS-SHLLINK: header, an ID list, LinkInfo, then string data.</summary>
internal static class ShellLinkBuilder
{
    public static byte[] Build(string basePath, string? arguments, string? workingDirectory, bool unicode = true, bool unicodeLinkInfo = false)
    {
        var output = new List<byte>();
        void Int(int value, int bytes) => output.AddRange(BitConverter.GetBytes(value).Take(bytes));
        var flags = 0x1 | 0x2 | (arguments is null ? 0 : 0x20) | (workingDirectory is null ? 0 : 0x10) | (unicode ? 0x80 : 0);
        Int(0x4C, 4);
        output.AddRange(new Guid("00021401-0000-0000-c000-000000000046").ToByteArray());
        Int(flags, 4);
        output.AddRange(new byte[0x4C - 24]);
        Int(4, 2);
        output.AddRange(new byte[] { 2, 0, 0, 0 });

        var ansi = Encoding.ASCII.GetBytes(basePath + "\0");
        var wide = Encoding.Unicode.GetBytes(basePath + "\0");
        var headerSize = unicodeLinkInfo ? 0x24 : 0x1C;
        var volumeId = new byte[] { 0x10, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0 };
        var volumeAt = headerSize;
        var baseAt = volumeAt + volumeId.Length;
        var suffixAt = baseAt + ansi.Length;
        var wideBaseAt = suffixAt + 1;
        var wideSuffixAt = wideBaseAt + wide.Length;
        var size = unicodeLinkInfo ? wideSuffixAt + 2 : suffixAt + 1;
        var info = new List<byte>();
        void InfoInt(int value) => info.AddRange(BitConverter.GetBytes(value));
        InfoInt(size);
        InfoInt(headerSize);
        InfoInt(1);
        InfoInt(volumeAt);
        InfoInt(baseAt);
        InfoInt(0);
        InfoInt(suffixAt);
        if (unicodeLinkInfo)
        {
            InfoInt(wideBaseAt);
            InfoInt(wideSuffixAt);
        }

        info.AddRange(volumeId);
        info.AddRange(ansi);
        info.Add(0);
        if (unicodeLinkInfo)
        {
            info.AddRange(wide);
            info.AddRange(new byte[2]);
        }

        output.AddRange(info);
        foreach (var text in new[] { workingDirectory, arguments }.Where(t => t is not null))
        {
            Int(text!.Length, 2);
            output.AddRange(unicode ? Encoding.Unicode.GetBytes(text) : Encoding.ASCII.GetBytes(text));
        }

        output.AddRange(new byte[4]);
        return output.ToArray();
    }
}
