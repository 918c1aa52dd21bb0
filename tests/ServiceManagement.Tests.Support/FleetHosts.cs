using ServiceManagement.Processes;

namespace ServiceManagement.Tests.Support;

/// <summary>Hosts from tests/fleet/fleet.sh for one test: up in the constructor, down (nothing left) in Dispose.</summary>
internal sealed class FleetHosts : IDisposable
{
    /// <summary>The fleet's directory (SM_FLEET_STATE for fleet.sh).</summary>
    public string State { get; } = Path.Combine("/tmp", "sm-fleet-test-" + Guid.NewGuid().ToString("N"));

    public FleetHosts(int count)
    {
        var (exitCode, output) = Fleet(State, "up", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (exitCode != 0)
        {
            throw new InvalidOperationException("fleet.sh up failed: " + output);
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToList();
        Addresses = lines.Where(l => l[0].StartsWith("host", StringComparison.Ordinal)).Select(l => l[1]).ToList();
        Key = lines.Single(l => l[0] == "key")[1];
    }

    public IReadOnlyList<string> Addresses { get; }

    public string Key { get; }

    public static (int ExitCode, string Output) Run(params string[] command)
    {
        var result = new ProcessCommandRunner().Run(new CommandLine(command[0], command.Skip(1).ToList()));
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    public static (int ExitCode, string Output) Fleet(string state, params string[] arguments) =>
        Run(new[] { "env", "SM_FLEET_STATE=" + state, "bash", Repo.PathOf("tests", "fleet", "fleet.sh") }.Concat(arguments).ToArray());

    public static (int ExitCode, string Output) Ssh(string key, string address, string command) =>
        Run("ssh", "-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=3",
            "root@" + address, command);

    /// <summary>A script in this machine's PowerShell 7.6.9 (the tool manifest's), whose SSH sessions reach the hosts.</summary>
    public static (int ExitCode, string Output) PowerShell(string script) =>
        Run("dotnet", "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", script);

    public (int ExitCode, string Output) Ssh(string address, string command) => Ssh(Key, address, command);

    public void Dispose() => Fleet(State, "down");
}
