using System.Text.RegularExpressions;
using Xunit;

namespace ServiceManagement.Module.Tests;

public class ManifestTests
{
    [Fact]
    public void Loads_the_module_from_bin()
    {
        Assert.Equal("bin/ServiceManagement.dll", ManifestFile.Scalar("RootModule"));
    }

    [Fact]
    public void Exports_exactly_the_compiled_cmdlets_one_per_line()
    {
        var (items, onePerLine) = ManifestFile.Array("CmdletsToExport");
        Assert.True(onePerLine, "CmdletsToExport lists one cmdlet per line.");
        Assert.Equal(ModuleMetadata.Cmdlets.Select(ModuleMetadata.CmdletName).OrderBy(n => n, StringComparer.Ordinal), items.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void Exports_nothing_but_cmdlets(string key)
    {
        Assert.Empty(ManifestFile.Array(key).Items);
    }

    [Fact]
    public void Supports_both_editions_from_PowerShell_5_1()
    {
        Assert.Equal(new[] { "Desktop", "Core" }, ManifestFile.Array("CompatiblePSEditions").Items);
        Assert.Equal("5.1", ManifestFile.Scalar("PowerShellVersion"));
    }

    [Fact]
    public void Has_the_version_set_in_Directory_Build_props()
    {
        var props = File.ReadAllText(Path.Combine(ModuleMetadata.RepositoryRoot, "Directory.Build.props"));
        var version = Regex.Match(props, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        Assert.NotEmpty(version);
        Assert.Equal(version, ManifestFile.Scalar("ModuleVersion"));
        Assert.Equal(version, ModuleMetadata.Module.GetName().Version!.ToString(3));
    }

    [Fact]
    public void The_about_topic_has_the_standard_sections_and_names_every_cmdlet()
    {
        var about = File.ReadAllText(Path.Combine(ModuleMetadata.RepositoryRoot, "en-US", "about_ServiceManagement.help.txt"));
        foreach (var section in new[] { "TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "SEE ALSO" })
        {
            Assert.Matches(new Regex($"(?m)^{section}$"), about);
        }

        Assert.All(ModuleMetadata.Cmdlets.Select(ModuleMetadata.CmdletName), name => Assert.Contains(name, about, StringComparison.Ordinal));
        Assert.All(about.Split('\n'), line => Assert.True(line.Length <= 80, $"Help lines fit 80 columns: '{line}'"));
    }
}
