namespace ServiceManagement.PowerShell.Commands;

/// <summary>New-Agent: creates a job that runs in a user's session, for one user or for every user.</summary>
[Cmdlet(VerbsCommon.New, "Agent", SupportsShouldProcess = true, DefaultParameterSetName = "Continuous")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class NewAgentCommand : ServicePropertiesCommand<string>
{
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

    protected override void ProcessRecord() =>
        CreateJob(Name, JobKind.Agent, Scope, User, new WriteOptions { Linger = Linger });
}
