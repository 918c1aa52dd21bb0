using System.Diagnostics;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Module.Tests;

/// <summary>Every PowerShell file of the repository through PowerShell's own parser, refusing what 5.1 cannot parse (tests/syntax/Test-Syntax.ps1).</summary>
public class SyntaxGateTests
{
    private static (int ExitCode, string Output) Check(IEnumerable<string> files)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = ModuleMetadata.RepositoryRoot };
        foreach (var argument in new[] { "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-File", Path.Combine(Prerequisites.SyntaxGateDirectory, "Test-Syntax.ps1") })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static IEnumerable<string> ScriptsOfTheRepository()
    {
        var root = ModuleMetadata.RepositoryRoot;
        return Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".ps1", StringComparison.Ordinal) || f.EndsWith(".psm1", StringComparison.Ordinal) || f.EndsWith(".psd1", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part is "node_modules" or "bin" or "obj" or "artifacts" or ".git"));
    }

    [SyntaxGateFact]
    public void Every_script_module_and_manifest_parses()
    {
        var files = ScriptsOfTheRepository().ToList();
        Assert.Contains(files, f => f.EndsWith("BackgroundJobDsc.psm1", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".Tests.ps1", StringComparison.Ordinal));
        var (exitCode, output) = Check(files);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"{files.Count} file(s), 0 syntax error(s)", output, StringComparison.Ordinal);
    }

    [SyntaxGateTheory]
    [InlineData("$a = $b ? 1 : 2\n")]
    [InlineData("$a = $b ?? 2\n")]
    [InlineData("$a ??= 2\n")]
    [InlineData("$a = ${b}?.Name\n")]
    [InlineData("Get-Item x && Get-Item y\n")]
    [InlineData("function F {\n    if ($x) {\n}\n")]
    public void What_the_gate_exists_to_catch_is_caught(string script)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sm-gate-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(file, script);
        try
        {
            var (exitCode, output) = Check(new[] { file });
            Assert.True(exitCode == 1, output);
            Assert.Contains(file + ":", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
