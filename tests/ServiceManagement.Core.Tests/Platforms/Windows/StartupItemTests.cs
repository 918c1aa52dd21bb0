using ServiceManagement.Platforms.Windows;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Windows;

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

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void A_startup_shortcut_reads_as_its_target_arguments_and_directory(bool unicode, bool unicodeLinkInfo)
    {
        var link = ShellLink.Read(ShellLinkBuilder.Build("C:\\Program Files\\Notes\\notes.exe", "--minimized \"a b\"", "C:\\Users\\alice", unicode, unicodeLinkInfo));
        Assert.Equal(new ShellLinkTarget("C:\\Program Files\\Notes\\notes.exe", "--minimized \"a b\"", "C:\\Users\\alice"), link);
    }

    [Fact]
    public void A_shortcut_without_arguments_has_none()
    {
        Assert.Equal(new ShellLinkTarget("C:\\a.exe", null, null), ShellLink.Read(ShellLinkBuilder.Build("C:\\a.exe", null, null)));
    }

    [Fact]
    public void A_damaged_shortcut_is_a_format_error_at_every_truncation()
    {
        var whole = ShellLinkBuilder.Build("C:\\a.exe", "--x", "C:\\");
        for (var length = 0; length < whole.Length - 4; length++)
        {
            Assert.Throws<FormatException>(() => ShellLink.Read(whole.Take(length).ToArray()));
        }
    }
}
