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

    public static string? MissingSyntaxGate() => MissingPowerShellProblem.Value;

    private static readonly Lazy<string?> MissingPowerShellProblem = new(() =>
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = ModuleMetadata.RepositoryRoot };
        foreach (var argument in new[] { "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "exit 0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : "PowerShell 7.6.9 is not restored (dotnet tool restore, as tests/run.sh does): " + error.Result.Trim();
    });

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
            Skip = "Needs PowerShell for the syntax gate: " + reason + ".";
        }
    }
}

public sealed class SyntaxGateTheoryAttribute : TheoryAttribute
{
    public SyntaxGateTheoryAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingSyntaxGate() is { } reason)
        {
            Skip = "Needs PowerShell for the syntax gate: " + reason + ".";
        }
    }
}
