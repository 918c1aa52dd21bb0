using System.Text.RegularExpressions;
using Xunit;

namespace ServiceManagement.Module.Tests;

public class ManifestTests
{
    [Fact]
    public void The_manifest_is_data_only()
    {
        Assert.Equal("bin/BackgroundJobDsc.psm1", Manifest.Scalar("RootModule"));
        Assert.Equal(Manifest.Scalar("GUID"), Manifest.Scalar("GUID")!.ToLowerInvariant());
        Assert.Matches("^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$", Manifest.Scalar("GUID"));
    }

    [Theory]
    [InlineData("@{ A = $env:HOME }", "not a literal")]
    [InlineData("@{ A = \"$HOME\" }", "expandable")]
    [InlineData("@{ A = (Get-Date) }", "not a literal")]
    [InlineData("@{ A = 'x' } 'y'", "after the hashtable")]
    [InlineData("@{ A = 1; A = 2 }", "duplicate")]
    public void The_data_file_reader_refuses_what_Import_PowerShellDataFile_refuses(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => PowerShellDataFile.Read(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_file_reader_reads_every_literal_form()
    {
        var data = PowerShellDataFile.Read("<# c #>\n@{\n  'a b' = 'it''s'  # note\n  B = \"plain\"; C = 1, 2\n  D = @(\n    'x',\n    'y'\n  )\n  E = @{ F = $true; G = $null; H = -3 }\n}\n");
        Assert.Equal("it's", data["a b"]);
        Assert.Equal("plain", data["B"]);
        Assert.Equal(new object?[] { 1L, 2L }, (List<object?>)data["C"]!);
        Assert.Equal(new object?[] { "x", "y" }, (List<object?>)data["D"]!);
        var nested = (IReadOnlyDictionary<string, object?>)data["E"]!;
        Assert.Equal(true, nested["F"]);
        Assert.Null(nested["G"]);
        Assert.Equal(-3L, nested["H"]);
    }

    [Fact]
    public void Exports_exactly_the_compiled_cmdlets_one_per_line()
    {
        Assert.Equal(ModuleMetadata.Cmdlets.Select(ModuleMetadata.CmdletName).OrderBy(n => n, StringComparer.Ordinal), Manifest.Strings("CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal));
        var block = Regex.Match(Manifest.Text, @"(?ms)^\s*CmdletsToExport\s*=\s*@\((.*?)\)").Groups[1].Value;
        Assert.All(block.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0), line => Assert.Matches("^'[A-Za-z]+-[A-Za-z]+',?$", line));
    }

    [Theory]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void Exports_nothing_but_cmdlets(string key)
    {
        Assert.Empty(Manifest.Strings(key));
    }

    /// <summary>PowerShell reports DscResourcesToExport only for a wildcard FunctionsToExport; the root script defines no function, so the wildcard exports none.</summary>
    [Fact]
    public void Exports_functions_by_the_wildcard_DSC_needs_and_defines_none()
    {
        Assert.Equal(new[] { "*" }, Manifest.Strings("FunctionsToExport"));
        var root = File.ReadAllText(Path.Combine(ModuleMetadata.ModuleLayout, Manifest.Scalar("RootModule")!));
        Assert.DoesNotMatch(new Regex(@"(?im)^\s*(function|filter)\s"), root);
    }

    [Fact]
    public void Supports_both_editions_from_PowerShell_5_1()
    {
        Assert.Equal(new[] { "Desktop", "Core" }, Manifest.Strings("CompatiblePSEditions"));
        Assert.Equal("5.1", Manifest.Scalar("PowerShellVersion"));
    }

    [Fact]
    public void Has_the_version_set_in_Directory_Build_props()
    {
        var props = File.ReadAllText(Path.Combine(ModuleMetadata.RepositoryRoot, "Directory.Build.props"));
        var version = Regex.Match(props, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        Assert.NotEmpty(version);
        Assert.Equal(version, Manifest.Scalar("ModuleVersion"));
        Assert.Equal(version, ModuleMetadata.Module.GetName().Version!.ToString(3));
    }

    [Fact]
    public void Has_the_gallery_metadata()
    {
        var data = Manifest.PSData;
        Assert.Contains("PSEdition_Core", (List<object?>)data["Tags"]!);
        Assert.All(new[] { "ProjectUri", "LicenseUri" }, key => Assert.StartsWith("https://", (string)data[key]!, StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace((string?)data["ReleaseNotes"]));
        Assert.True(File.Exists(Path.Combine(ModuleMetadata.RepositoryRoot, "LICENSE")));
    }

    [Fact]
    public void Every_file_the_manifest_names_ships_in_the_module_layout()
    {
        var named = Manifest.Strings("FormatsToProcess").Append(Manifest.Scalar("RootModule")!).Append("en-US/ServiceManagement.dll-Help.xml");
        Assert.All(named, file => Assert.True(File.Exists(Path.Combine(ModuleMetadata.ModuleLayout, file)), $"{file} is not in {ModuleMetadata.ModuleLayout}."));

        // The root script imports the isolation's loader before the cmdlet assembly, which needs the engine.
        var root = File.ReadAllText(Path.Combine(ModuleMetadata.ModuleLayout, Manifest.Scalar("RootModule")!));
        var loader = root.IndexOf("'ServiceManagement.Loader.psm1'", StringComparison.Ordinal);
        Assert.InRange(loader, 0, root.IndexOf("'ServiceManagement.dll'", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(ModuleMetadata.ModuleLayout, "bin", "ServiceManagement.dll")));
    }

    [Fact]
    public void The_layout_keeps_the_engine_where_only_the_isolation_finds_it()
    {
        var bin = Path.Combine(ModuleMetadata.ModuleLayout, "bin");
        Assert.False(File.Exists(Path.Combine(bin, "ServiceManagement.Core.dll")), "PowerShell would load the engine into its default context from bin/.");
        Assert.False(File.Exists(Path.Combine(bin, "YamlDotNet.dll")));
        Assert.All(new[] { "ServiceManagement.Core.dll", "YamlDotNet.dll" }, dll => Assert.True(File.Exists(Path.Combine(bin, "dependencies", dll)), dll));
        Assert.All(new[] { "net8.0", "netstandard2.0" }, framework => Assert.True(File.Exists(Path.Combine(bin, "isolation", framework, "ServiceManagement.Isolation.dll")), framework));
        var loader = File.ReadAllText(Path.Combine(bin, "ServiceManagement.Loader.psm1"));
        Assert.Contains("isolation/$framework/ServiceManagement.Isolation.dll", loader, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_exported_DSC_resource_is_a_class_with_the_DscResource_attribute_in_the_root_module()
    {
        var scripts = File.ReadAllText(Path.Combine(ModuleMetadata.ModuleLayout, Manifest.Scalar("RootModule")!));
        Assert.NotEmpty(Manifest.Strings("DscResourcesToExport"));
        Assert.All(Manifest.Strings("DscResourcesToExport"), name =>
            Assert.Matches(new Regex($@"(?m)^\[DscResource\([^)]+\)\]\s*\nclass {name}\b"), scripts));
    }

    [Theory]
    [InlineData("about_ServiceManagement")]
    [InlineData("about_BackgroundJobConfiguration")]
    public void The_about_topics_have_the_standard_sections_and_fit_80_columns(string topic)
    {
        var about = File.ReadAllText(Path.Combine(ModuleMetadata.RepositoryRoot, "en-US", topic + ".help.txt"));
        Assert.StartsWith("TOPIC\n    " + topic + "\n", about, StringComparison.Ordinal);
        foreach (var section in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "SEE ALSO" })
        {
            Assert.Matches(new Regex($"(?m)^{section}$"), about);
        }

        Assert.All(about.Split('\n'), line => Assert.True(line.Length <= 80, $"Help lines fit 80 columns: '{line}'"));
    }

    [Fact]
    public void The_main_about_topic_names_every_cmdlet()
    {
        var about = File.ReadAllText(Path.Combine(ModuleMetadata.RepositoryRoot, "en-US", "about_ServiceManagement.help.txt"));
        Assert.All(ModuleMetadata.Cmdlets.Select(ModuleMetadata.CmdletName), name => Assert.Contains(name, about, StringComparison.Ordinal));
    }
}
