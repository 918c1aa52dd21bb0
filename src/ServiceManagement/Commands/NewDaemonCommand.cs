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

    protected override void ProcessRecord() =>
        CreateJob(Name, JobKind.Daemon, null, null, new WriteOptions { AccountPassword = Credential?.Password });
}
