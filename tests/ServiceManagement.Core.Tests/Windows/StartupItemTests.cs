using System.Text;
using ServiceManagement.Platforms.Windows;
using Xunit;

namespace ServiceManagement.Tests.Windows;

public class StartupItemTests
{
    [Fact]
    public void Enabled_is_flag_2_and_no_time()
    {
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, StartupApproved.Encode(enabled: true));
    }

    [Fact]
    public void Disabled_is_flag_3_and_the_filetime_of_disabling()
    {
        var when = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
        var value = StartupApproved.Encode(enabled: false, when);
        Assert.Equal(new byte[] { 3, 0, 0, 0 }, value.Take(4));
        Assert.Equal(when.ToFileTime(), BitConverter.ToInt64(value, 4));
        Assert.False(StartupApproved.IsEnabled(value));
        Assert.Equal(when, StartupApproved.DisabledAt(value));
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, true)]
    [InlineData(new byte[] { 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, true)]
    [InlineData(new byte[] { 3, 0, 0, 0, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01, 0x00 }, false)]
    [InlineData(new byte[] { 7, 0, 0, 0, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01, 0x00 }, false)]
    [InlineData(new byte[] { 1 }, true)]
    [InlineData(null, true)]
    public void Values_written_by_Task_Manager_read_as_it_shows_them(byte[]? value, bool enabled)
    {
        Assert.Equal(enabled, StartupApproved.IsEnabled(value));
    }

    /// <summary>A shortcut laid out byte by byte from MS-SHLLINK: header, an ID list, LinkInfo, then string data.</summary>
    private static byte[] Shortcut(string basePath, string? arguments, string? workingDirectory, bool unicode = true, bool unicodeLinkInfo = false)
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

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void A_startup_shortcut_reads_as_its_target_arguments_and_directory(bool unicode, bool unicodeLinkInfo)
    {
        var link = ShellLink.Read(Shortcut("C:\\Program Files\\Notes\\notes.exe", "--minimized \"a b\"", "C:\\Users\\alice", unicode, unicodeLinkInfo));
        Assert.Equal(new ShellLinkTarget("C:\\Program Files\\Notes\\notes.exe", "--minimized \"a b\"", "C:\\Users\\alice"), link);
    }

    [Fact]
    public void A_shortcut_without_arguments_has_none()
    {
        Assert.Equal(new ShellLinkTarget("C:\\a.exe", null, null), ShellLink.Read(Shortcut("C:\\a.exe", null, null)));
    }

    [Fact]
    public void A_damaged_shortcut_is_a_format_error_at_every_truncation()
    {
        var whole = Shortcut("C:\\a.exe", "--x", "C:\\");
        for (var length = 0; length < whole.Length - 4; length++)
        {
            Assert.Throws<FormatException>(() => ShellLink.Read(whole.Take(length).ToArray()));
        }
    }
}
