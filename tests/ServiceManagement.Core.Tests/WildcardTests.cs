using ServiceManagement.Text;
using Xunit;

namespace ServiceManagement.Tests;

public class WildcardTests
{
    [Theory]
    [InlineData("com.example.*", "com.example.backup", true)]
    [InlineData("com.example.*", "org.example.backup", false)]
    [InlineData("COM.EXAMPLE.?ackup", "com.example.backup", true)]
    [InlineData("restart.[dp]*", "restart.delay", true)]
    [InlineData("restart.[dp]*", "restart.throttle", false)]
    [InlineData("a`*b", "a*b", true)]
    [InlineData("a`*b", "axb", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("[", "[", true)]
    public void Matches_like_PowerShell(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, new Wildcard(pattern).IsMatch(text));
    }

    [Fact]
    public void No_patterns_match_everything()
    {
        Assert.True(Wildcard.MatchesAny(null, "x"));
        Assert.True(Wildcard.MatchesAny(Array.Empty<string>(), "x"));
        Assert.False(Wildcard.MatchesAny(new[] { "y*" }, "x"));
    }
}
