using ServiceManagement.Model;
using Xunit;

namespace ServiceManagement.Tests.Model;

public class CronExpressionTests
{
    [Fact]
    public void Expands_lists_ranges_and_steps()
    {
        var cron = new CronExpression("*/15 9-17/4 1,15 * *");
        Assert.True(cron.IsValid);
        Assert.Equal(new[] { 0, 15, 30, 45 }, cron.Minutes!.Values);
        Assert.Equal(new[] { 9, 13, 17 }, cron.Hours!.Values);
        Assert.Equal(new[] { 1, 15 }, cron.DaysOfMonth!.Values);
        Assert.True(cron.Months!.IsUnrestricted);
        Assert.False(cron.DaysOfMonth.IsUnrestricted);
    }

    [Fact]
    public void Reads_month_and_weekday_names_in_any_case()
    {
        var cron = new CronExpression("0 0 * jan,Jul MON-fri");
        Assert.Equal(new[] { 1, 7 }, cron.Months!.Values);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, cron.DaysOfWeek!.Values);
    }

    [Fact]
    public void Reads_seven_as_sunday()
    {
        Assert.Equal(new[] { 0 }, new CronExpression("0 0 * * 7").DaysOfWeek!.Values);
        Assert.Equal(new[] { 0, 5, 6 }, new CronExpression("0 0 * * 5-7").DaysOfWeek!.Values);
    }

    [Fact]
    public void A_value_with_a_step_runs_to_the_end_of_the_range()
    {
        Assert.Equal(new[] { 5, 25, 45 }, new CronExpression("5/20 * * * *").Minutes!.Values);
    }

    [Theory]
    [InlineData("@hourly", "0", "*")]
    [InlineData("@daily", "0", "0")]
    [InlineData("@weekly", "0", "0")]
    public void Expands_macros(string text, string minute, string hour)
    {
        var cron = new CronExpression(text);
        Assert.True(cron.IsValid);
        Assert.Equal(minute == "*" ? Enumerable.Range(0, 60) : new[] { int.Parse(minute, System.Globalization.CultureInfo.InvariantCulture) }, cron.Minutes!.Values);
        Assert.Equal(hour == "*", cron.Hours!.IsUnrestricted);
        Assert.Equal(text, cron.Text);
    }

    [Theory]
    [InlineData("60 * * * *", "minute value 60 is out of range")]
    [InlineData("* 24 * * *", "hour value 24 is out of range")]
    [InlineData("* * 0 * *", "day-of-month value 0 is out of range")]
    [InlineData("* * 32 * *", "day-of-month value 32")]
    [InlineData("* * * 13 *", "month value 13")]
    [InlineData("* * * * 8", "day-of-week value 8")]
    [InlineData("* * * * FUNDAY", "not a number from 0 to 7 or a name")]
    [InlineData("* * *", "has 3 field(s)")]
    [InlineData("* * * * * *", "has 6 field(s)")]
    [InlineData("", "has 0 field(s)")]
    [InlineData("17-9 * * * *", "runs backwards")]
    [InlineData("*/0 * * * *", "step '0'")]
    [InlineData("*/x * * * *", "step 'x'")]
    [InlineData("1,,2 * * * *", "empty list item")]
    [InlineData("@reboot", "has 1 field(s)")]
    public void Reports_what_is_wrong(string text, string expected)
    {
        var cron = new CronExpression(text);
        Assert.False(cron.IsValid);
        Assert.Contains(cron.Errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Null(cron.Minutes);
    }

    [Fact]
    public void Reports_every_bad_field_not_just_the_first()
    {
        Assert.Equal(3, new CronExpression("61 25 * 13 *").Errors.Count);
    }

    [Fact]
    public void Compares_by_normalised_text()
    {
        Assert.Equal(new CronExpression("0  2 * * *"), new CronExpression(" 0 2 * * * "));
        Assert.NotEqual(new CronExpression("0 2 * * *"), new CronExpression("0 3 * * *"));
    }
}
