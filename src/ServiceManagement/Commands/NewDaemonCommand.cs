using System.Collections;
using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Errors;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>New-Daemon: creates a job that runs without a user session, started at boot or on a schedule.</summary>
[Cmdlet(VerbsCommon.New, "Daemon", SupportsShouldProcess = true, DefaultParameterSetName = "Continuous")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class NewDaemonCommand : PSCmdlet
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

    /// <summary>The directory the job starts in.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    /// <summary>Environment variables; a SecureString value is kept secret (owner-only files, masked in plans).</summary>
    [Parameter]
    public Hashtable? Environment { get; set; }

    /// <summary>The user the daemon runs as (POSIX).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunAsUser { get; set; }

    /// <summary>The group the daemon runs as (POSIX).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunAsGroup { get; set; }

    /// <summary>The Windows account the service runs as: LocalSystem, LocalService, NetworkService, NT SERVICE\\name, DOMAIN\\user or a gMSA.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunAsAccount { get; set; }

    /// <summary>What the job is for, shown by the job manager.</summary>
    [Parameter]
    public string? Description { get; set; }

    /// <summary>Automatic (start at boot or login), Manual, or Disabled.</summary>
    [Parameter]
    public StartupType StartupType { get; set; }

    /// <summary>When the job manager restarts the process: Never, OnFailure or Always.</summary>
    [Parameter]
    public RestartCondition Restart { get; set; }

    /// <summary>How long to wait before a restart: 10s, 1m30s, or a TimeSpan.</summary>
    [Parameter]
    public Duration RestartDelay { get; set; }

    /// <summary>At most this many restarts within -RestartInterval; past that the job is left failed.</summary>
    [Parameter]
    public int RestartLimit { get; set; }

    /// <summary>The interval -RestartLimit counts restarts in.</summary>
    [Parameter]
    public Duration RestartInterval { get; set; }

    /// <summary>Run on a timer this often: 15m, 1h, or a TimeSpan.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Every")]
    public Duration Every { get; set; }

    /// <summary>Run on a five-field cron schedule, such as "0 2 * * *".</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Cron")]
    public string? Cron { get; set; }

    /// <summary>The file the job's standard output is appended to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StandardOutputPath { get; set; }

    /// <summary>The file the job's standard error is appended to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StandardErrorPath { get; set; }

    /// <summary>Listening sockets the job manager opens for the job: @{ name = 'http'; protocol = 'tcp'; port = 8080 }.</summary>
    [Parameter]
    public Hashtable[]? Sockets { get; set; }

    /// <summary>Jobs or native services that must be running first.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Dependencies { get; set; }

    /// <summary>Limits: @{ openFiles = 4096; processes = 64; memory = '512M'; cpuPercent = 50; nice = 5 }.</summary>
    [Parameter]
    public Hashtable? ResourceLimits { get; set; }

    /// <summary>A hardening profile: None, Basic or Strict.</summary>
    [Parameter]
    public SandboxProfile Sandbox { get; set; }

    /// <summary>Raw launchd.plist keys merged into what the other parameters render.</summary>
    [Parameter]
    public Hashtable? Launchd { get; set; }

    /// <summary>Raw unit-file directives by section: @{ Service = @{ Nice = '5' } }.</summary>
    [Parameter]
    public Hashtable? Systemd { get; set; }

    /// <summary>Raw Windows settings for the service, task or Run value.</summary>
    [Parameter]
    public Hashtable? Windows { get; set; }

    /// <summary>A user account and its password for the service to sign in as (a domain user); the password goes to the service control manager only, never written or logged.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Start the job once it is written.</summary>
    [Parameter]
    public SwitchParameter Start { get; set; }

    /// <summary>Replace a job with the same name, even one ServiceManagement did not create.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the job's definition, as read back from the machine, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var platform = this.Require(Name, () => PlatformFactory.Create());
        this.Try(Name, () =>
        {
            var definition = JobParameters.Define(Name, JobKind.Daemon, null, null, PowerShellValues.Bound(this));
            var options = new WriteOptions { Start = Start, Force = Force, AccountPassword = Credential?.Password };
            var staged = platform.StageWrite(new[] { definition }, WriteMode.Create, options);
            if (CommandOutput.ShouldChange(this, platform, staged, "Create"))
            {
                CommandOutput.Report(this, platform.Commit(staged));
                CommandOutput.PassThru(this, PassThru, platform, definition);
            }
        });
    }
}
