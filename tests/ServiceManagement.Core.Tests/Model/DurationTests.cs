using ServiceManagement.Model;
using Xunit;

namespace ServiceManagement.Tests.Model;

public class DurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("1d2h3m4s", 93784)]
    [InlineData("0s", 0)]
    public void Parses_units_from_largest_to_smallest(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Duration.Parse(text).Value);
    }

    [Fact]
    public void Parses_milliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Duration.Parse("1s500ms").Value);
    }

    [Theory]
    [InlineData("", "number with a unit")]
    [InlineData("10", "without a unit")]
    [InlineData("10x", "unknown unit 'x'")]
    [InlineData("5s1m", "larger unit after a smaller")]
    [InlineData("1m1m", "repeats a unit")]
    [InlineData("m", "expected a number")]
    [InlineData("-5s", "expected a number")]
    [InlineData("1.5h", "has a fraction: a duration counts whole units")]
    [InlineData("0,5s", "for example 500ms for 0.5s")]
    [InlineData("3651d", "longest duration")]
    [InlineData("99999999999999999999s", "longest duration")]
    [InlineData("1 h", "without a unit")]
    public void Rejects_malformed_text_with_a_message_that_says_why(string text, string expected)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", "1m30s")]
    [InlineData("3600s", "1h")]
    [InlineData("1h0m", "1h")]
    [InlineData("1500ms", "1s500ms")]
    [InlineData("0s", "0s")]
    public void Formats_canonically(string text, string canonical)
    {
        Assert.Equal(canonical, Duration.Parse(text).ToString());
    }

    [Fact]
    public void Equal_spans_written_differently_are_equal()
    {
        Assert.Equal(Duration.Parse("90s"), Duration.Parse("1m30s"));
        Assert.NotEqual(Duration.Parse("90s"), Duration.Parse("91s"));
    }
}
