using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>New-Agent: creates a job that runs in a user's session, for one user or for every user.</summary>
[Cmdlet(VerbsCommon.New, "Agent", SupportsShouldProcess = true, DefaultParameterSetName = "Continuous")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class NewAgentCommand : ServicePropertiesCommand
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

    /// <summary>System: for every user who logs in; User (the default): for one user.</summary>
    [Parameter]
    public JobScope Scope { get; set; } = JobScope.User;

    /// <summary>The user a user-scoped job belongs to; the current user when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>Keep the user's job manager running without a login (systemd lingering), so that the agent runs at boot.</summary>
    [Parameter]
    public SwitchParameter Linger { get; set; }

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
        CreateJob(Name, JobKind.Agent, Scope, User, new WriteOptions { Start = Start, Force = Force, Linger = Linger }, PassThru);
}
