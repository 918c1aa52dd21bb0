using System.Diagnostics;
using System.Text.Json;

namespace ServiceManagement.Tests.Support;

/// <summary>
/// A private Wine prefix with Windows' real service control manager and registry, the C test service built
/// with MinGW, and the scenario runner (tests/ServiceManagement.Windows.Scenarios) published self-contained
/// for win-x64. Facts about Wine this follows: each scenario is one Wine process (services die soon after
/// the last one exits); Wine's output goes to a file, never a pipe (wineserver inherits it and a reader
/// would wait forever); never <c>wineserver -p</c> (later StartService calls fail with 1055); the prefix is
/// ended with <c>wineserver -k</c>; .NET runs there without write-xor-execute.
/// </summary>
public sealed class WineHarness : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sm-wine-").FullName;

    public WineHarness()
    {
        if (Prerequisites.MissingWine() is { } missing)
        {
            throw new InvalidOperationException("Wine tests need: " + missing);
        }

        Prefix = Path.Combine(_root, "prefix");
        Wine("boot", TimeSpan.FromMinutes(5), "wineboot", "-i");
        // wineboot returns while the prefix's services are still starting; a StartService then fails with
        // 1055 (database locked) or 1053 (timeout). Letting the first wineserver end leaves a settled prefix.
        Wineserver("exec wineserver -w >/dev/null 2>&1 </dev/null");
        Directory.CreateDirectory(Drive("C:\\sm"));
        Run("x86_64-w64-mingw32-gcc", "-municode", "-O2", "-o", Drive(Service), Repo.PathOf("tests", "windows", "smtestsvc.c"));
        Run("dotnet", "publish", Repo.PathOf("tests", "ServiceManagement.Windows.Scenarios", "ServiceManagement.Windows.Scenarios.csproj"),
            "-c", "Release", "-r", "win-x64", "--self-contained", "-o", Path.Combine(_root, "scenarios"), "-nologo", "-v", "quiet");
    }

    /// <summary>
    /// Runs a PowerShell script in PowerShell 7.6.9 (the SDK host, tests/ServiceManagement.PowerShellHost,
    /// published self-contained for win-x64 on first use) with the module as laid out for shipping at
    /// C:\sm\modules\ServiceManagement and Pester at C:\sm\pester; returns what it printed.
    /// </summary>
    public string PowerShell(string script, params string[] arguments)
    {
        var host = Path.Combine(_root, "pshost", "ServiceManagement.PowerShellHost.exe");
        if (!File.Exists(host))
        {
            Run("dotnet", "publish", Repo.PathOf("tests", "ServiceManagement.PowerShellHost", "ServiceManagement.PowerShellHost.csproj"),
                "-c", "Release", "-r", "win-x64", "--self-contained", "-o", Path.GetDirectoryName(host)!, "-nologo", "-v", "quiet");
            Copy(Repo.PathOf("artifacts", "module", "Debug", "ServiceManagement"), Drive("C:\\sm\\modules\\ServiceManagement"));
            Copy(Repo.PathOf("artifacts", "pester", "pester", "5.7.1", "tools"), Drive("C:\\sm\\pester"));
        }

        var output = "C:\\sm\\powershell-output.txt";
        File.Delete(Drive(output));
        var exitCode = Wine("powershell", TimeSpan.FromMinutes(5), new[] { host, script, output }.Concat(arguments).ToArray());
        return File.Exists(Drive(output))
            ? File.ReadAllText(Drive(output))
            : throw new InvalidOperationException($"The PowerShell host wrote nothing (exit code {exitCode}); Wine said:\n{File.ReadAllText(Path.Combine(_root, "powershell.log"))}");
    }

    private static void Copy(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
        }
    }

    /// <summary>The test service, as Windows names it.</summary>
    public string Service => "C:\\sm\\smtestsvc.exe";

    public string Prefix { get; }

    /// <summary>The Linux path of a path on Wine's drive C.</summary>
    public string Drive(string windowsPath) =>
        Path.Combine(Prefix, "drive_c", windowsPath.Substring(3).Replace('\\', '/'));

    /// <summary>Runs one scenario in its own Wine process and returns what it observed.</summary>
    public JsonElement Scenario(string name, params string[] arguments)
    {
        var result = "C:\\sm\\" + name + ".json";
        File.Delete(Drive(result));
        var exitCode = Wine(name, TimeSpan.FromMinutes(3), new[] { Path.Combine(_root, "scenarios", "ServiceManagement.Windows.Scenarios.exe"), name, result }.Concat(arguments).ToArray());
        if (!File.Exists(Drive(result)))
        {
            throw new InvalidOperationException($"Scenario {name} wrote no result (exit code {exitCode}); Wine said:\n{File.ReadAllText(Path.Combine(_root, name + ".log"))}");
        }

        var observed = JsonDocument.Parse(File.ReadAllText(Drive(result))).RootElement.Clone();
        return observed.TryGetProperty("exception", out var exception) ? throw new InvalidOperationException($"Scenario {name} failed under Wine:\n{exception.GetString()}") : observed;
    }

    /// <summary>Runs a Wine program (wineboot, a scenario) with its output in a log file; returns its exit code.</summary>
    public int Wine(string log, TimeSpan timeout, params string[] arguments)
    {
        var logFile = Path.Combine(_root, log + ".log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec wine \"$@\" >\"$SM_WINE_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Environment(start);
        start.Environment["SM_WINE_LOG"] = logFile;
        using var process = Process.Start(start)!;
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wine {string.Join(" ", arguments)} did not finish within {timeout}; its log: {File.ReadAllText(logFile)}");
        }

        return process.ExitCode;
    }

    /// <summary>Ends every process of the prefix (services included) and waits for that; the next Wine call starts it afresh.</summary>
    public void Shutdown() => Wineserver("wineserver -k >/dev/null 2>&1 </dev/null; exec wineserver -w >/dev/null 2>&1 </dev/null");

    private void Wineserver(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        Environment(start);
        using var process = Process.Start(start)!;
        process.WaitForExit(60_000);
    }

    public void Dispose()
    {
        Shutdown();
        Directory.Delete(_root, recursive: true);
    }

    private void Environment(ProcessStartInfo start)
    {
        start.Environment["WINEPREFIX"] = Prefix;
        start.Environment["WINEDEBUG"] = "-all";
        // No Gecko installer. mscoree must stay: Wine loads IL-only images (the runtime's own assemblies) through it.
        start.Environment["WINEDLLOVERRIDES"] = "mshtml=";
        start.Environment.Remove("DISPLAY");

        // The test host's .NET settings (DOTNET_ROOT_X64, DOTNET_HOST_PATH, …) would steer the Windows
        // runtime inside Wine to Linux paths.
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("VSTEST_", StringComparison.Ordinal) || k.StartsWith("COREHOST_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        // .NET's write-xor-execute double mapping of code memory breaks under Wine 8: freeing a dynamic method
        // (PowerShell compiles loops into them) ends in "Internal CLR error (0x80131506)" in a finalizer.
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} failed ({process.ExitCode}):\n{output}{error.Result}");
        }
    }
}
