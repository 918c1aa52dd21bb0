using Xunit;

namespace ServiceManagement.Tests.Support;

/// <summary>
/// Prerequisites some tests need. On a developer's machine a missing one skips the test with the
/// reason; under CI (CI=true) the test runs anyway and fails, so that CI never passes by skipping.
/// </summary>
internal static class Prerequisites
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SchemaCheckerDirectory => Repo.PathOf("tests", "schema");

    /// <summary>The shared folder beside the repository (../shared), which holds PowerShell's Format.xsd.</summary>
    public static string SharedDirectory => Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared"));

    public static string SyntaxGateDirectory => Repo.PathOf("tests", "syntax");

    public static string? MissingFormatSchema() =>
        File.Exists(Path.Combine(SharedDirectory, "schemas", "powershell", "Format.xsd")) ? null : $"PowerShell's Format.xsd is not at {SharedDirectory}/schemas/powershell";

    /// <summary>Null when node and the schema checker's packages (tests/run.sh installs them) are present.</summary>
    public static string? MissingSchemaChecker()
    {
        if (!File.Exists(Path.Combine(SchemaCheckerDirectory, "node_modules", "ajv", "package.json"))
            || !File.Exists(Path.Combine(SchemaCheckerDirectory, "node_modules", "yaml", "package.json")))
        {
            return "the schema checker's npm packages are not installed (run tests/run.sh, or npm ci in tests/schema)";
        }

        return FindOnPath("node") is null ? "node is not installed" : null;
    }

    /// <summary>Null when systemd can be booted in a private namespace here: root, systemd, unshare, nsenter.</summary>
    public static string? MissingRealSystemd()
    {
        if (ServiceManagement.IO.Posix.EffectiveUserId != 0)
        {
            return "the tests are not running as root";
        }

        if (!File.Exists("/lib/systemd/systemd"))
        {
            return "systemd is not installed (/lib/systemd/systemd)";
        }

        return new[] { "unshare", "nsenter", "runuser", "systemctl" }.FirstOrDefault(p => FindOnPath(p) is null) is { } tool ? tool + " is not installed" : null;
    }

    /// <summary>Null when Wine and the MinGW compiler (tests/run.sh installs both) are here.</summary>
    public static string? MissingWine() =>
        FindOnPath("wine") is null ? "wine is not installed (apt-get install wine64)"
        : FindOnPath("x86_64-w64-mingw32-gcc") is null ? "the MinGW-w64 compiler is not installed (apt-get install gcc-mingw-w64-x86-64-win32)"
        : null;

    /// <summary>Null when tests/fleet/fleet.sh can bring hosts up: a real systemd, ip, ssh, the unpacked sshd and the packaged build.</summary>
    public static string? MissingFleet() =>
        MissingRealSystemd()
        ?? new[] { "ip", "ssh", "ssh-keygen" }.Where(p => FindOnPath(p) is null).Select(p => p + " is not installed").FirstOrDefault()
        ?? (!File.Exists(Repo.PathOf("artifacts", "sshd", "usr", "sbin", "sshd")) ? "sshd is not unpacked (tests/fleet/fleet.sh prepare, as tests/run.sh does)" : null)
        ?? (!File.Exists(Repo.PathOf("out", "svcmgmt", "svcmgmt")) ? "nothing is packaged (./build.ps1 Package, as tests/run.sh does)" : null)
        ?? MissingPowerShell();

    private static readonly Lazy<string?> PowerShellProblem = new(() =>
    {
        var result = new ServiceManagement.Processes.ProcessCommandRunner().Run(new ServiceManagement.Processes.CommandLine("dotnet", new[] { "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "exit 0" }));
        return result.Succeeded ? null : "PowerShell 7.6.9 is not restored (dotnet tool restore, as tests/run.sh does): " + result.StandardError.Trim();
    });

    /// <summary>Null when <c>dotnet pwsh</c> (the tool manifest's PowerShell 7.6.9) runs here.</summary>
    public static string? MissingPowerShell() => PowerShellProblem.Value;

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs node and the schema checker.</summary>
public sealed class SchemaCheckerFactAttribute : FactAttribute
{
    public SchemaCheckerFactAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingSchemaChecker() is { } reason)
        {
            Skip = "Needs the independent schema checker: " + reason + ".";
        }
    }
}

/// <summary>A fact that runs Windows code under Wine.</summary>
public sealed class WineFactAttribute : FactAttribute
{
    public WineFactAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingWine() is { } reason)
        {
            Skip = "Needs Wine: " + reason + ".";
        }
    }
}

/// <summary>A fact that brings up the fleet's test hosts.</summary>
public sealed class FleetFactAttribute : FactAttribute
{
    public FleetFactAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingFleet() is { } reason)
        {
            Skip = "Needs the fleet's test hosts: " + reason + ".";
        }
    }
}

/// <summary>A fact that reads PowerShell's Format.xsd from ../shared.</summary>
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

/// <summary>A fact that runs the syntax gate (tests/syntax) in PowerShell.</summary>
public sealed class SyntaxGateFactAttribute : FactAttribute
{
    public SyntaxGateFactAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingPowerShell() is { } reason)
        {
            Skip = "Needs PowerShell for the syntax gate: " + reason + ".";
        }
    }
}

/// <summary>A theory that runs the syntax gate (tests/syntax) in PowerShell.</summary>
public sealed class SyntaxGateTheoryAttribute : TheoryAttribute
{
    public SyntaxGateTheoryAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingPowerShell() is { } reason)
        {
            Skip = "Needs PowerShell for the syntax gate: " + reason + ".";
        }
    }
}
