using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>New-LoginItem: creates a program that starts once when a user logs in.</summary>
[Cmdlet(VerbsCommon.New, "LoginItem", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class NewLoginItemCommand : JobPropertiesCommand
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

    /// <summary>System: for every user who logs in; User (the default): for one user.</summary>
    [Parameter]
    public JobScope Scope { get; set; } = JobScope.User;

    /// <summary>The user a user-scoped job belongs to; the current user when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

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
        CreateJob(Name, JobKind.LoginItem, Scope, User, new WriteOptions { Start = Start, Force = Force }, PassThru);
}
