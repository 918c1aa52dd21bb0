using System.Text.RegularExpressions;

namespace ServiceManagement.Module.Tests;

/// <summary>Reads the few settings the tests check out of ServiceManagement.psd1 without PowerShell.</summary>
internal static class ManifestFile
{
    public static string Text { get; } = File.ReadAllText(Path.Combine(ModuleMetadata.RepositoryRoot, "ServiceManagement.psd1"));

    public static string? Scalar(string key)
    {
        var match = Regex.Match(Text, $@"(?m)^\s*{key}\s*=\s*'([^']*)'");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The items of an @( … ) array setting, and whether each stood on a line of its own.</summary>
    public static (IReadOnlyList<string> Items, bool OnePerLine) Array(string key)
    {
        var match = Regex.Match(Text, $@"(?ms)^\s*{key}\s*=\s*@\((.*?)\)");
        if (!match.Success)
        {
            throw new InvalidOperationException($"{key} is not an @( ) array in the manifest.");
        }

        var body = match.Groups[1].Value;
        var items = Regex.Matches(body, "'([^']*)'").Select(m => m.Groups[1].Value).ToList();
        var lines = body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var onePerLine = lines.All(l => Regex.IsMatch(l, "^'[^']*',?$"));
        return (items, onePerLine);
    }
}
