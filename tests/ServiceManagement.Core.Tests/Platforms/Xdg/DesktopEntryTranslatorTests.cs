using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Platforms.Xdg;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Platforms.Systemd;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Xdg;

public class DesktopEntryTranslatorTests
{
    private static readonly BackgroundJobDefinition Item = new("com.example.item", JobKind.LoginItem, JobScope.User) { Program = "/usr/bin/item" };

    private static BackgroundJobDefinition RoundTrip(BackgroundJobDefinition definition)
    {
        var file = DesktopEntryTranslator.Render(definition);
        return DesktopEntryTranslator.Parse(definition.Name, UnitFile.Parse(file.Content, file.Name), JobScope.User);
    }

    [Fact]
    public void Renders_the_samples_as_the_golden_files_and_reads_them_back()
    {
        foreach (var definition in SystemdTranslatorTests.Samples().Where(d => d.Kind == JobKind.LoginItem))
        {
            var file = DesktopEntryTranslator.Render(definition);
            Golden.Assert("linux/" + file.Name, file.Content);
            var back = RoundTrip(definition);
            Assert.True(back.Managed);
            Assert.Equal(definition, back with { Managed = false, Platform = null, Origin = JobOrigin.Authored });
        }
    }

    public static TheoryData<string[]> CommandLines() => new()
    {
        new[] { "/usr/bin/item" },
        new[] { "/usr/bin/item", "--flag", "value" },
        new[] { "/usr/bin/item", "two words", "", "say \"hi\"" },
        new[] { "/usr/bin/item", "$HOME", "`cmd`", "back\\slash", "100%", "%U" },
        new[] { "/usr/bin/item", "a;b", "x|y", "<in>", "~", "*?", "(sub)", "#hash", "=eq" },
    };

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Exec_lines_read_back_exactly(string[] argv)
    {
        var exec = DesktopEntryTranslator.FormatExec(argv);
        Assert.True(DesktopEntryTranslator.TryParseExec(exec, out _, out var program, out var arguments), exec);
        Assert.Equal(argv, new[] { program }.Concat(arguments));
    }

    [Theory]
    [InlineData("/usr/bin/item", "/usr/bin/item")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("50%", "50%%")]
    [InlineData("$x", "\"\\\\$x\"")]
    [InlineData("q\"", "\"q\\\\\"\"")]
    public void Quotes_and_escapes_as_the_specification_says(string word, string expected)
    {
        Assert.Equal(expected, DesktopEntryTranslator.FormatExec(new[] { word }));
    }

    [Theory]
    [InlineData("/usr/bin/viewer %U")]
    [InlineData("/usr/bin/viewer %f")]
    [InlineData("viewer")]
    [InlineData("/usr/bin/viewer \"unclosed")]
    [InlineData("/usr/bin/viewer un\"quoted")]
    public void Leaves_field_codes_and_odd_lines_to_be_kept_verbatim(string exec)
    {
        Assert.False(DesktopEntryTranslator.TryParseExec(exec, out _, out _, out _));
        var definition = DesktopEntryTranslator.Parse("viewer", UnitFile.Parse($"[Desktop Entry]\nType=Application\nName=Viewer\nExec={exec}\n", "viewer.desktop"), JobScope.User);
        Assert.Null(definition.Program);
        Assert.Equal(new RawScalar(exec), ((RawMap)definition.Unmodelled["Desktop Entry"]).Entries["Exec"]);
        Assert.Contains("Exec=" + exec, DesktopEntryTranslator.Render(definition).Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Emulates_environment_with_env()
    {
        var definition = Item with { Environment = ValueMap<string>.From(new[] { ("MODE", "quiet mode"), ("N", "1") }) };
        var exec = UnitFile.Parse(DesktopEntryTranslator.Render(definition).Content, "x").Last("Desktop Entry", "Exec");
        Assert.Equal("env \"MODE=quiet mode\" N=1 /usr/bin/item", exec);
        Assert.Equal(definition.Environment, RoundTrip(definition).Environment);
    }

    [Theory]
    [InlineData(StartupType.Disabled)]
    [InlineData(StartupType.Manual)]
    public void Disabled_items_are_hidden_in_both_ways_desktops_read(StartupType startup)
    {
        var entry = UnitFile.Parse(DesktopEntryTranslator.Render(Item with { StartupType = startup }).Content, "x");
        Assert.Equal("true", entry.Last("Desktop Entry", "Hidden"));
        Assert.Equal("false", entry.Last("Desktop Entry", "X-GNOME-Autostart-enabled"));
        Assert.Equal(startup, RoundTrip(Item with { StartupType = startup }).StartupType);
    }

    [Fact]
    public void Reads_a_foreign_entry_keeping_what_the_model_lacks()
    {
        var text = "[Desktop Entry]\nType=Application\nName=Firefox\nName[de]=Feuerfuchs\nExec=/usr/bin/firefox --new-window\nIcon=firefox\nOnlyShowIn=GNOME;KDE;\nX-GNOME-Autostart-enabled=false\n";
        var definition = DesktopEntryTranslator.Parse("firefox", UnitFile.Parse(text, "firefox.desktop"), JobScope.System);
        Assert.Equal(("/usr/bin/firefox", StartupType.Disabled, false), (definition.Program, definition.StartupType, definition.Managed));
        var kept = ((RawMap)definition.Unmodelled["Desktop Entry"]).Entries;
        Assert.Equal(new RawScalar("GNOME;KDE;"), kept["OnlyShowIn"]);
        Assert.Equal(new RawScalar("Feuerfuchs"), kept["Name[de]"]);
        var again = DesktopEntryTranslator.Parse("firefox", UnitFile.Parse(DesktopEntryTranslator.Render(definition).Content, "again"), JobScope.System);
        Assert.Equal(definition, again with { Managed = false });
    }

    [Fact]
    public void Every_rendered_entry_passes_desktop_file_validate()
    {
        if (Prerequisites.FindOnPath("desktop-file-validate") is null)
        {
            Assert.False(Prerequisites.IsCi, "desktop-file-validate is required under CI (tests/run.sh installs desktop-file-utils).");
            return;
        }

        var directory = Directory.CreateTempSubdirectory("sm-desktop-").FullName;
        try
        {
            foreach (var definition in SystemdTranslatorTests.Samples().Where(d => d.Kind == JobKind.LoginItem).Append(Item with { Arguments = ValueList.Of("a b", "$x", "`y`", "50%", "q\"") }))
            {
                var file = DesktopEntryTranslator.Render(definition);
                var path = Path.Combine(directory, file.Name);
                File.WriteAllText(path, file.Content);
                var result = new ProcessCommandRunner().Run(CommandLine.Of("desktop-file-validate", path));
                var output = result.StandardOutput + result.StandardError;
                Assert.True(result.Succeeded && output.Trim().Length == 0, $"{file.Name}:\n{file.Content}\n{output}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
