using Xunit;

namespace ServiceManagement.Module.Tests;

/// <summary>
/// What some tests need beyond the build. Missing on a developer's machine, the test is skipped with the
/// reason; under CI (CI=true) it runs anyway and fails, so that CI never passes by skipping.
/// </summary>
internal static class Prerequisites
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shared folder beside the repository (../shared), which holds PowerShell's Format.xsd.</summary>
    public static string SharedDirectory => Path.GetFullPath(Path.Combine(ModuleMetadata.RepositoryRoot, "..", "shared"));

    public static string SyntaxGateDirectory => Path.Combine(ModuleMetadata.RepositoryRoot, "tests", "syntax");

    public static string? MissingFormatSchema() =>
        File.Exists(Path.Combine(SharedDirectory, "schemas", "powershell", "Format.xsd")) ? null : $"PowerShell's Format.xsd is not at {SharedDirectory}/schemas/powershell";

    public static string? MissingSyntaxGate()
    {
        if (!File.Exists(Path.Combine(SyntaxGateDirectory, "node_modules", "web-tree-sitter", "package.json"))
            || !File.Exists(Path.Combine(SyntaxGateDirectory, "node_modules", "tree-sitter-powershell", "package.json")))
        {
            return "the syntax gate's npm packages are not installed (run tests/run.sh, or npm ci in tests/syntax)";
        }

        return FindOnPath("node") is null ? "node is not installed" : null;
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}

public sealed class FormatSchemaFactAttribute : FactAttribute
{
    public FormatSchemaFactAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingFormatSchema() is { } reason)
        {
            Skip = "Needs ../shared: " + reason + ".";
        }
    }
}

public sealed class SyntaxGateFactAttribute : FactAttribute
{
    public SyntaxGateFactAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingSyntaxGate() is { } reason)
        {
            Skip = "Needs the tree-sitter syntax gate: " + reason + ".";
        }
    }
}

public sealed class SyntaxGateTheoryAttribute : TheoryAttribute
{
    public SyntaxGateTheoryAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingSyntaxGate() is { } reason)
        {
            Skip = "Needs the tree-sitter syntax gate: " + reason + ".";
        }
    }
}
