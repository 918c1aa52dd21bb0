using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Tests.Support;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Configuration;

public class ConfigurationWriterTests
{
    [Theory]
    [InlineData("backup.yaml")]
    [InlineData("workstation.yaml")]
    [InlineData("dsc-configuration.yaml")]
    public void Saves_the_samples_as_the_golden_files(string sample)
    {
        var document = ConfigurationLoader.Load(Repo.PathOf("samples", sample));
        Golden.Assert(sample, ConfigurationWriter.Save(document.Entries));
        Golden.Assert(Path.GetFileNameWithoutExtension(sample) + ".dsc.yaml", ConfigurationWriter.Save(document.Entries, ConfigurationForm.Dsc));
    }

    [Theory]
    [InlineData("backup.yaml")]
    [InlineData("workstation.yaml")]
    [InlineData("dsc-configuration.yaml")]
    public void What_it_saves_loads_back_equal_in_both_forms(string sample)
    {
        var entries = ConfigurationLoader.Load(Repo.PathOf("samples", sample)).Entries;
        foreach (var form in new[] { ConfigurationForm.Jobs, ConfigurationForm.Dsc })
        {
            var reloaded = ConfigurationLoader.Parse(ConfigurationWriter.Save(entries, form), "saved.yaml");
            Assert.Empty(reloaded.Findings);
            Assert.Equal(form, reloaded.Document!.Form);
            Assert.Equal(entries.Select(e => (e.Definition, e.Ensure)), reloaded.Document.Entries.Select(e => (e.Definition, e.Ensure)));
        }
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("two words", "two words")]
    [InlineData("--full", "--full")]
    [InlineData("/usr/bin/x", "/usr/bin/x")]
    [InlineData("true", "\"true\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("", "\"\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("#x", "\"#x\"")]
    [InlineData("-", "\"-\"")]
    [InlineData("---", "\"---\"")]
    [InlineData(" lead", "\" lead\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("a\nb", "\"a\\nb\"")]
    [InlineData("bell\a", "\"bell\\u0007\"")]
    [InlineData("ünï", "\"ünï\"")]
    public void Quotes_a_string_exactly_when_plain_would_read_differently(string text, string expected)
    {
        Assert.Equal(expected, ConfigurationWriter.Scalar(text));
    }

    [Fact]
    public void Writes_an_empty_configuration_as_an_empty_list()
    {
        Assert.Equal("jobs: []\n", ConfigurationWriter.Save(Array.Empty<BackgroundJobDefinition>()));
        Assert.Empty(ConfigurationValidator.Validate(ConfigurationLoader.Parse("jobs: []\n", "x")));
    }

    [Fact]
    public void Leaves_out_read_only_facts()
    {
        var definition = new BackgroundJobDefinition("a", JobKind.Daemon, JobScope.System)
        {
            Program = "/a",
            SourcePath = "/etc/systemd/system/a.service",
            Platform = JobPlatform.Systemd,
            Managed = true,
        };
        var yaml = ConfigurationWriter.Save(new[] { definition });
        Assert.DoesNotContain("systemd", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("managed", yaml, StringComparison.OrdinalIgnoreCase);
    }
}
