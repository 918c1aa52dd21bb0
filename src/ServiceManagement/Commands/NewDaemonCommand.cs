using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>New-Daemon: creates a job that runs without a user session, started at boot or on a schedule.</summary>
[Cmdlet(VerbsCommon.New, "Daemon", SupportsShouldProcess = true, DefaultParameterSetName = "Continuous")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class NewDaemonCommand : AccountPropertiesCommand
{
    /// <summary>The job's name, reverse-DNS style: com.example.backup.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The absolute path of the executable the job runs.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Program { get; set; }

    /// <summary>The arguments after the program, one element each; never a shell string.</summary>
    [Parameter(Position = 2)]
    public string[]? Arguments { get; set; }

    /// <summary>Run on a timer this often: 15m, 1h, or a TimeSpan.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Every")]
    public Duration Every { get; set; }

    /// <summary>Run on a five-field cron schedule, such as "0 2 * * *".</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Cron")]
    public string? Cron { get; set; }

    /// <summary>Start the job once it is written.</summary>
    [Parameter]
    public SwitchParameter Start { get; set; }

    /// <summary>Replace a job with the same name, even one ServiceManagement did not create.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the job's definition, as read back from the machine, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() =>
        CreateJob(Name, JobKind.Daemon, null, null, new WriteOptions { Start = Start, Force = Force, AccountPassword = Credential?.Password }, PassThru);
}
