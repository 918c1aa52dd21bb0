using FsCheck;
using FsCheck.Fluent;
using ServiceManagement.Platforms.Windows;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Windows;

public class WindowsCommandLineTests
{
    /// <summary>Command lines and what CommandLineToArgvW makes of them (the rules as Microsoft documents them for the C runtime).</summary>
    [Theory]
    [InlineData("\"C:\\Program Files\\a.exe\" b c", new[] { "C:\\Program Files\\a.exe", "b", "c" })]
    [InlineData("C:\\a.exe \"b c\" d", new[] { "C:\\a.exe", "b c", "d" })]
    [InlineData("a.exe \"ab\\\"c\" \"\\\\\" d", new[] { "a.exe", "ab\"c", "\\", "d" })]
    [InlineData("a.exe a\\\\\\b d\"e f\"g h", new[] { "a.exe", "a\\\\\\b", "de fg", "h" })]
    [InlineData("a.exe a\\\\\\\"b c d", new[] { "a.exe", "a\\\"b", "c", "d" })]
    [InlineData("a.exe a\\\\\\\\\"b c\" d e", new[] { "a.exe", "a\\\\b c", "d", "e" })]
    [InlineData("a.exe \"\" \"\"", new[] { "a.exe", "", "" })]
    [InlineData("a.exe \"a\"\"b\"", new[] { "a.exe", "a\"b" })]
    [InlineData("\"C:\\dir\\\" x", new[] { "C:\\dir\\", "x" })]
    [InlineData("a.exe\tb  \t c", new[] { "a.exe", "b", "c" })]
    [InlineData("a.exe c:\\path\\", new[] { "a.exe", "c:\\path\\" })]
    public void Splits_as_CommandLineToArgvW_does(string commandLine, string[] argv)
    {
        Assert.Equal(argv, WindowsCommandLine.Split(commandLine));
    }

    [Theory]
    [InlineData("C:\\Program Files\\a.exe", new string[0], "\"C:\\Program Files\\a.exe\"")]
    [InlineData("C:\\a.exe", new[] { "plain", "two words", "" }, "\"C:\\a.exe\" plain \"two words\" \"\"")]
    [InlineData("C:\\a.exe", new[] { "say \"hi\"" }, "\"C:\\a.exe\" \"say \\\"hi\\\"\"")]
    [InlineData("C:\\a.exe", new[] { "C:\\dir with space\\" }, "\"C:\\a.exe\" \"C:\\dir with space\\\\\"")]
    [InlineData("C:\\a.exe", new[] { "C:\\no\\space\\" }, "\"C:\\a.exe\" C:\\no\\space\\")]
    [InlineData("C:\\a.exe", new[] { "a\\\\\"b" }, "\"C:\\a.exe\" \"a\\\\\\\\\\\"b\"")]
    public void Quotes_the_program_always_and_arguments_when_needed(string program, string[] arguments, string expected)
    {
        Assert.Equal(expected, WindowsCommandLine.Join(program, arguments));
        Assert.Equal(new[] { program }.Concat(arguments), WindowsCommandLine.Split(expected));
    }

    [Fact]
    public void A_program_with_a_quote_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WindowsCommandLine.Join("C:\\a\"b.exe", Array.Empty<string>()));
    }

    [Fact]
    public void Any_arguments_survive_a_join_and_a_split()
    {
        var characters = Gen.Elements('a', ' ', '\t', '"', '\\', 'z', '\'', '%', '^', '&');
        var argument = Gen.ArrayOf(characters).Select(c => new string(c));
        Prop.ForAll(Gen.ArrayOf(argument).ToArbitrary(), arguments =>
            WindowsCommandLine.Split(WindowsCommandLine.Join("C:\\Program Files\\x.exe", arguments)).SequenceEqual(new[] { "C:\\Program Files\\x.exe" }.Concat(arguments)))
            .QuickCheckThrowOnFailure();
    }
}
