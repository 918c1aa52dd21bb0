namespace ServiceManagement.PowerShell.Commands;

/// <summary>New-Daemon: creates a job that runs without a user session, started at boot or on a schedule.</summary>
[Cmdlet(VerbsCommon.New, "Daemon", SupportsShouldProcess = true, DefaultParameterSetName = "Continuous")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class NewDaemonCommand : AccountPropertiesCommand<string>
{
    protected override void ProcessRecord() =>
        CreateJob(Name, JobKind.Daemon, null, null, new WriteOptions { AccountPassword = Credential?.Password });
}
