namespace ServiceManagement.PowerShell.Commands;

/// <summary>New-Daemon: creates a job that runs without a user session, started at boot or on a schedule.</summary>
[Cmdlet(VerbsCommon.New, "Daemon", SupportsShouldProcess = true, DefaultParameterSetName = "Continuous")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class NewDaemonCommand : AccountPropertiesCommand
{
    protected override void ProcessRecord() =>
        CreateJob(JobKind.Daemon, null, null, new WriteOptions { AccountPassword = Credential?.Password });
}
