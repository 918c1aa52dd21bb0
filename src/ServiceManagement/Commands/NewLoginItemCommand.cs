namespace ServiceManagement.PowerShell.Commands;

/// <summary>New-LoginItem: creates a program that starts once when a user logs in.</summary>
[Cmdlet(VerbsCommon.New, "LoginItem", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class NewLoginItemCommand : JobPropertiesCommand<string>
{
    /// <summary>System: for every user who logs in; User (the default): for one user.</summary>
    [Parameter]
    public JobScope Scope { get; set; } = JobScope.User;

    /// <summary>The user a user-scoped job belongs to; the current user when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    protected override void ProcessRecord() =>
        CreateJob(Name, JobKind.LoginItem, Scope, User, new WriteOptions());
}
