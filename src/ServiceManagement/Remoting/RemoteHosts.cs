using System.Collections;
using System.Management.Automation.Runspaces;

namespace ServiceManagement.PowerShell.Remoting;

/// <summary>
/// Runs one of this module's cmdlets on other hosts: the same cmdlet with the parameters the caller bound
/// (less -Session and -ThrottleLimit, plus what replaces local input), through Invoke-Command over the
/// caller's PowerShell sessions, ThrottleLimit hosts at a time, so each host acts with its own engine. Objects
/// come back with PSComputerName; what a host could not do — it could not be reached, the module is missing,
/// the cmdlet failed there — becomes error records whose target is that host, and the other hosts go on.
/// </summary>
internal static class RemoteHosts
{
    /// <summary>-Session's help: where the cmdlet runs instead of this machine.</summary>
    internal const string SessionHelp = "Run on these hosts (PowerShell sessions, e.g. New-PSSession -HostName … -KeyFilePath …) instead of this machine.";

    private const string Script = "param([string] $Command, [hashtable] $Parameters) Import-Module -Name ServiceManagement -ErrorAction Stop; & $Command @Parameters";

    /// <summary>Parameters that mean nothing on the other side (local variables, local input, the fan-out itself).</summary>
    private static readonly HashSet<string> LocalOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "Session", "ThrottleLimit", "Path", "InputObject", "ErrorAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    /// <summary>What came back: every object (each with PSComputerName) and, per host that failed, its errors.</summary>
    internal sealed class Outcome
    {
        public Outcome(IReadOnlyList<PSObject> output, IReadOnlyDictionary<string, IReadOnlyList<ErrorRecord>> failures)
        {
            Output = output;
            Failures = failures;
        }

        public IReadOnlyList<PSObject> Output { get; }

        public IReadOnlyDictionary<string, IReadOnlyList<ErrorRecord>> Failures { get; }

        /// <summary>Writes every object and every error, as they came.</summary>
        public void WriteTo(PSCmdlet cmdlet)
        {
            foreach (var result in Output)
            {
                cmdlet.WriteObject(result);
            }

            foreach (var error in Failures.Values.SelectMany(e => e))
            {
                cmdlet.WriteError(error);
            }
        }
    }

    /// <summary>Runs <paramref name="command"/> (the caller's own cmdlet when null) on every session.</summary>
    internal static Outcome Invoke(PSCmdlet cmdlet, PSSession[] sessions, int throttleLimit, IDictionary<string, object?>? extra = null, string? command = null)
    {
        var parameters = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var bound in cmdlet.MyInvocation.BoundParameters.Where(p => !LocalOnly.Contains(p.Key)))
        {
            parameters[bound.Key] = Portable(bound.Value);
        }

        // What replaces the caller's parameters; null takes one away.
        foreach (var pair in extra ?? new Dictionary<string, object?>())
        {
            if (pair.Value is null)
            {
                parameters.Remove(pair.Key);
            }
            else
            {
                parameters[pair.Key] = Portable(pair.Value);
            }
        }

        using var powershell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        powershell.AddCommand("Invoke-Command")
            .AddParameter("Session", sessions)
            .AddParameter("ThrottleLimit", throttleLimit)
            .AddParameter("ScriptBlock", ScriptBlock.Create(Script))
            .AddParameter("ArgumentList", new object[] { command ?? cmdlet.MyInvocation.MyCommand.Name, parameters });
        var output = powershell.Invoke();

        foreach (var warning in powershell.Streams.Warning)
        {
            cmdlet.WriteWarning(warning is RemotingWarningRecord remote ? $"{remote.OriginInfo.PSComputerName}: {warning.Message}" : warning.Message);
        }

        var failures = powershell.Streams.Error
            .GroupBy(error => HostOf(error, sessions), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ErrorRecord>)g.Select(error => ForHost(error, g.Key)).ToList(), StringComparer.OrdinalIgnoreCase);
        return new Outcome(output.Where(o => o is not null).ToList(), failures);
    }

    /// <summary>The host an object came from.</summary>
    internal static string HostOf(PSObject result) => result.Properties["PSComputerName"]?.Value as string ?? string.Empty;

    /// <summary>Enum values travel as their names, switches as booleans: both bind on the other side whatever its version.</summary>
    private static object? Portable(object? value) => value switch
    {
        SwitchParameter flag => flag.IsPresent,
        Enum name => name.ToString(),
        Enum[] names => names.Select(n => n.ToString()).ToArray(),
        _ => value,
    };

    private static string HostOf(ErrorRecord error, PSSession[] sessions) =>
        error is RemotingErrorRecord remote && !string.IsNullOrEmpty(remote.OriginInfo?.PSComputerName) ? remote.OriginInfo!.PSComputerName
        : error.TargetObject is PSSession session ? session.ComputerName
        : sessions.FirstOrDefault(s => error.ToString().IndexOf(s.ComputerName, StringComparison.OrdinalIgnoreCase) >= 0)?.ComputerName
        ?? (sessions.Length == 1 ? sessions[0].ComputerName : "an unknown host");

    /// <summary>The error as the host's: its category kept, the host as its target and in its message.</summary>
    private static ErrorRecord ForHost(ErrorRecord error, string host)
    {
        var message = error.ErrorDetails?.Message ?? error.Exception?.Message ?? error.ToString();
        return new ErrorRecord(error.Exception ?? new RuntimeException(message), "RemoteHost," + error.FullyQualifiedErrorId, error.CategoryInfo.Category, host)
        {
            ErrorDetails = new ErrorDetails($"{host}: {message}"),
        };
    }
}
