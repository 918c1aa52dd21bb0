using ServiceManagement.Model;
using ServiceManagement.Platforms.Systemd;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Systemd;

public class SystemdSyntaxTests
{
    public static TheoryData<string[]> CommandLines() => new()
    {
        new[] { "/bin/true" },
        new[] { "/usr/bin/app", "--port", "8080" },
        new[] { "/usr/bin/app", "two words", "" },
        new[] { "/usr/bin/app", "say \"hi\"", "it's" },
        new[] { "/usr/bin/app", "back\\slash", "trailing\\" },
        new[] { "/usr/bin/app", "100%", "%n", "%%" },
        new[] { "/usr/bin/app", "$HOME", "${PATH}", "$$", "cost: $5" },
        new[] { "/usr/bin/app", ";", "a;b", "-", "@x", "+y" },
        new[] { "/opt/my app/bin/run", "ünïcödé", "tab\there" },
    };

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Command_lines_read_back_exactly(string[] argv)
    {
        var line = SystemdSyntax.FormatCommandLine(argv[0], argv.Skip(1));
        Assert.True(SystemdSyntax.TryParseCommandLine(line, out var program, out var arguments), line);
        Assert.Equal(argv, new[] { program }.Concat(arguments));
    }

    [Theory]
    [InlineData("100%", "/usr/bin/app 100%%")]
    [InlineData("$HOME", "/usr/bin/app $$HOME")]
    [InlineData("a b", "/usr/bin/app \"a b\"")]
    [InlineData(";", "/usr/bin/app \";\"")]
    [InlineData("", "/usr/bin/app \"\"")]
    public void Escapes_specifiers_variables_and_separators(string argument, string expected)
    {
        Assert.Equal(expected, SystemdSyntax.FormatCommandLine("/usr/bin/app", new[] { argument }));
    }

    [Theory]
    [InlineData("-/usr/bin/app")]
    [InlineData("@/usr/bin/app app")]
    [InlineData("+/usr/bin/app")]
    [InlineData("!/usr/bin/app")]
    [InlineData("!!/usr/bin/app")]
    [InlineData(":/usr/bin/app")]
    [InlineData("/usr/bin/app %i")]
    [InlineData("/usr/bin/app $MAINPID")]
    [InlineData("/usr/bin/app ${ARGS}")]
    [InlineData("/usr/bin/a ; /usr/bin/b")]
    [InlineData("app --relative")]
    [InlineData("/usr/bin/app \"unclosed")]
    public void Leaves_what_the_model_cannot_say_to_be_kept_verbatim(string line)
    {
        Assert.False(SystemdSyntax.TryParseCommandLine(line, out _, out _));
    }

    [Fact]
    public void Reads_c_escapes_and_single_quotes()
    {
        Assert.True(SystemdSyntax.TryParseCommandLine("/bin/echo 'a b' \"c\\td\" e\\x41 \\u00e9", out _, out var arguments));
        Assert.Equal(new[] { "a b", "c\td", "eA", "é" }, arguments);
    }

    [Fact]
    public void Environment_assignments_read_back()
    {
        var line = SystemdSyntax.FormatEnvironment("A", "x \"y\" 100% \\z");
        Assert.True(SystemdSyntax.TryParseEnvironment(line, out var pairs));
        Assert.Equal(new KeyValuePair<string, string>("A", "x \"y\" 100% \\z"), Assert.Single(pairs));
        Assert.True(SystemdSyntax.TryParseEnvironment("A=1 \"B=two words\"", out var two));
        Assert.Equal(new[] { "A", "B" }, two.Select(p => p.Key));
        Assert.False(SystemdSyntax.TryParseEnvironment("A=%H", out _));
        Assert.False(SystemdSyntax.TryParseEnvironment("NOEQUALS", out _));
    }

    [Theory]
    [InlineData("90s", "1min 30s")]
    [InlineData("1h30m", "1h 30min")]
    [InlineData("2d", "2d")]
    [InlineData("1s500ms", "1s 500ms")]
    public void Time_spans_round_trip(string duration, string expected)
    {
        var parsed = Duration.Parse(duration);
        Assert.Equal(expected, SystemdTime.FormatTimeSpan(parsed));
        Assert.True(SystemdTime.TryParseTimeSpan(expected, out var back));
        Assert.Equal(parsed, back);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("5min", 300)]
    [InlineData("1h 5min 2s", 3902)]
    [InlineData("1 hour", 3600)]
    [InlineData("2weeks", 1209600)]
    public void Reads_systemd_time_spans(string text, int seconds)
    {
        Assert.True(SystemdTime.TryParseTimeSpan(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration.Value);
    }

    [Theory]
    [InlineData("infinity")]
    [InlineData("5us")]
    [InlineData("")]
    [InlineData("5 parsecs")]
    public void Refuses_spans_the_model_cannot_hold(string text)
    {
        Assert.False(SystemdTime.TryParseTimeSpan(text, out _));
    }

    [Theory]
    [InlineData("0 2 * * *", "*-*-* 2:0:00")]
    [InlineData("*/15 9-17 * * MON-FRI", "Mon,Tue,Wed,Thu,Fri *-*-* 9,10,11,12,13,14,15,16,17:0,15,30,45:00")]
    [InlineData("30 4 1,15 JAN *", "*-1-1,15 4:30:00")]
    [InlineData("0 0 * * 0", "Sun *-*-* 0:0:00")]
    public void Cron_becomes_an_equivalent_calendar_event(string cron, string calendar)
    {
        Assert.Equal(new[] { calendar }, SystemdTime.FormatCalendar(new CronExpression(cron)));
    }

    [Fact]
    public void Cron_with_both_day_fields_runs_on_either_so_it_becomes_two_events()
    {
        Assert.Equal(new[] { "*-*-13 0:0:00", "Fri *-*-* 0:0:00" }, SystemdTime.FormatCalendar(new CronExpression("0 0 13 * FRI")));
    }
}
