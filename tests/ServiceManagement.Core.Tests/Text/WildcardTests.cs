using ServiceManagement.Text;
using Xunit;

namespace ServiceManagement.Tests.Text;

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

    [Fact]
    public void A_set_matches_plain_names_and_patterns_alike()
    {
        var set = new WildcardSet(new[] { "com.example.web", "org.*", Wildcard.Escape("odd[1]*name") });
        Assert.True(set.IsMatch("COM.EXAMPLE.WEB"));
        Assert.True(set.IsMatch("org.anything"));
        Assert.True(set.IsMatch("odd[1]*name"));
        Assert.False(set.IsMatch("odd1xname"));
        Assert.False(set.IsMatch("com.example.web2"));
        Assert.True(new WildcardSet(null).IsMatch("anything"));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a`*b", "a*b")]
    [InlineData("a*", null)]
    [InlineData("[ab]", null)]
    [InlineData("[", "[")]
    public void Knows_which_patterns_are_plain_names(string pattern, string? literal)
    {
        Assert.Equal(literal, Wildcard.Literal(pattern));
    }
}
