using System.Text;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms;

/// <summary>
/// Native files crafted (or mutated) to break their readers — each one once crashed or hung
/// <c>svcmgmt convert</c>. Every one must now give exit code 2 with a message naming the file, or be read
/// (exit 0) where it is valid; none may crash the process or take long.
/// </summary>
public sealed class HostileNativeInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-hostile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Hex(string hex) => System.Convert.FromHexString(hex);

    public static TheoryData<string, string, string, int> Reproducers() => new()
    {
        { "hex byte over 255 in a .reg value", "runkey", "Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run]\n\"x\"=hex:100\n", 2 },
        { "a .reg value under a key without a backslash", "runkey", "Windows Registry Editor Version 5.00\n\n[X]\n\"n\"=\"C:\\\\a.exe\"\n", 2 },
        { "a duplicate unit in one systemd text", "systemd", "# ---- a.service\n[Service]\nExecStart=/bin/a\n# ---- a.service\n[Service]\nExecStart=/bin/b\n", 2 },
        { "failure actions none then restart", "scm", "{\"serviceName\":\"Svc\",\"imagePath\":\"C:\\\\svc.exe\",\"startType\":\"automatic\",\"failureActions\":{\"resetPeriodSeconds\":60,\"actions\":[{\"type\":\"none\",\"delayMilliseconds\":0},{\"type\":\"restart\",\"delayMilliseconds\":1000}]}}", 0 },
    };

    [Theory]
    [MemberData(nameof(Reproducers))]
    public void A_hostile_text_file_is_refused_or_read_never_a_crash(string label, string format, string text, int exitCode)
    {
        var (code, error) = Convert(label, format, Encoding.UTF8.GetBytes(text));
        Assert.True(code == exitCode, $"{label}: exit {code}: {error}");
    }

    public static TheoryData<string, string> BinaryPlists() => new()
    {
        { "a date past DateTime's range", "62706c6973743030337e37e43c8800759c080000000000000101000000000000000100000000000000000000000000000011" },
        { "a duplicate dictionary key", "62706c6973743030d201010203554c6162656c51615162080d13150000000000000101000000000000000400000000000000000000000000000017" },
        { "an object offset of 2^31", "62706c697374303051780000000080000000000000000000080100000000000000010000000000000000000000000000000a" },
    };

    [Theory]
    [MemberData(nameof(BinaryPlists))]
    public void A_hostile_binary_plist_is_refused_with_its_file_named(string label, string hex)
    {
        var (code, error) = Convert(label, "launchd", Hex(hex));
        Assert.True(code == 2, $"{label}: exit {code}: {error}");
    }

    [Fact]
    public void Arrays_nested_fifty_thousand_deep_in_a_plist_are_refused_not_a_stack_overflow()
    {
        var xml = "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>Label</key><string>x</string><key>Deep</key>"
            + string.Concat(Enumerable.Repeat("<array>", 50_000)) + string.Concat(Enumerable.Repeat("</array>", 50_000)) + "</dict></plist>";
        var (code, error) = Convert("deep plist", "launchd", Encoding.UTF8.GetBytes(xml));
        Assert.Equal(2, code);
        Assert.Contains("deep", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Task_xml_nested_a_hundred_thousand_deep_is_refused_quickly()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"><Data>"
            + string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000)) + "</Data></Task>";
        var (code, error) = Convert("deep task", "task", Encoding.UTF8.GetBytes(xml));
        Assert.Equal(2, code);
        Assert.Contains("deep", error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>validate and convert read a file's text the same way: UTF-8, or UTF-16/32 with a byte-order mark; nothing else.</summary>
    [Theory]
    [InlineData("utf-16le", true)]
    [InlineData("utf-16be", true)]
    [InlineData("utf-32le", true)]
    [InlineData("latin1", false)]
    public void Validate_and_convert_agree_on_encodings(string encoding, bool accepted)
    {
        const string yaml = "jobs:\n  - { name: com.example.a, kind: daemon, program: /bin/a, description: café }\n";
        var text = System.Text.Encoding.GetEncoding(encoding);
        var bytes = encoding == "latin1" ? text.GetBytes(yaml) : text.GetPreamble().Concat(text.GetBytes(yaml)).ToArray();
        var file = Path.Combine(_directory, "encoded.yaml");
        File.WriteAllBytes(file, bytes);
        var validate = InProcessSvcmgmt.Run("validate", file, "--platform", "none");
        var convert = InProcessSvcmgmt.Run("convert", file, "--to", "yaml");
        Assert.Equal(accepted ? (0, 0) : (2, 2), (validate.ExitCode, convert.ExitCode));
        Assert.Equal(accepted, convert.Output.Contains("café", StringComparison.Ordinal));
    }

    private (int ExitCode, string Error) Convert(string label, string format, byte[] content)
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".in");
        File.WriteAllBytes(file, content);
        var (exitCode, _, error) = InProcessSvcmgmt.Run("convert", file, "--from", format, "--to", "yaml");
        if (exitCode == 2)
        {
            Assert.Contains(file, error, StringComparison.Ordinal);
        }

        return (exitCode, error);
    }
}
