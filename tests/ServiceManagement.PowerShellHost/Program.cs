using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

// Usage: ServiceManagement.PowerShellHost SCRIPT.ps1 OUTPUT.txt [ARGUMENT...]
// Runs SCRIPT with the default session state (execution policy Bypass for this process, as a user's
// `pwsh -ExecutionPolicy Bypass -File` would) and writes everything it printed, errors included, to OUTPUT:
// under Wine a file is read reliably where a pipe is not. The exit code is 1 when the script failed.
Console.OutputEncoding = Encoding.UTF8;
var state = InitialSessionState.CreateDefault();
state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
using var powerShell = PowerShell.Create(state);
powerShell.AddCommand(args[0]);
foreach (var argument in args.Skip(2))
{
    powerShell.AddArgument(argument);
}

powerShell.AddCommand("Out-String").AddParameter("Width", 200).AddParameter("Stream");
var output = new StringBuilder();
var failed = false;
try
{
    foreach (var line in powerShell.Invoke())
    {
        output.AppendLine(line?.ToString());
    }
}
catch (RuntimeException error)
{
    output.AppendLine("TERMINATING: " + error.ErrorRecord);
    failed = true;
}

foreach (var error in powerShell.Streams.Error)
{
    output.AppendLine("ERROR: " + error + " (" + error.FullyQualifiedErrorId + ")");
}

File.WriteAllText(args[1], output.ToString(), new UTF8Encoding(false));
return failed || powerShell.HadErrors ? 1 : 0;
