using System.Collections;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// The job property parameters every cmdlet that writes a job takes (New-Daemon, New-Agent, New-LoginItem,
/// Set-BackgroundJobDefinition): the configuration keys in PascalCase, read through the same loader as a file.
/// Name, Program and Arguments are declared as New-* take them (one name, program required, by position) and
/// are virtual: Set-BackgroundJobDefinition overrides them as it takes them (names by pattern, all optional), its
/// name a list (<typeparamref name="TName"/> is string[] there, string for New-*). PowerShell reads a parameter's
/// attributes from the most derived declaration only.
/// </summary>
public abstract class JobPropertiesCommand<TName> : StoppableCmdlet
{
    /// <summary>The job's name, reverse-DNS style: com.example.backup.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public virtual TName Name { get; set; } = default!;

    /// <summary>The absolute path of the executable the job runs.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public virtual string? Program { get; set; }

    /// <summary>The arguments after the program, one element each; never a shell string.</summary>
    [Parameter(Position = 2)]
    public virtual string[]? Arguments { get; set; }

    /// <summary>The directory the job starts in.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    /// <summary>Environment variables; a SecureString value is kept secret (owner-only files, masked in plans).</summary>
    [Parameter]
    public Hashtable? Environment { get; set; }

    /// <summary>What the job is for, shown by the job manager.</summary>
    [Parameter]
    public string? Description { get; set; }

    /// <summary>Automatic (start at boot or login), Manual, or Disabled.</summary>
    [Parameter]
    public StartupType StartupType { get; set; }

    /// <summary>The file the job's standard output is appended to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StandardOutputPath { get; set; }

    /// <summary>The file the job's standard error is appended to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StandardErrorPath { get; set; }

    /// <summary>Raw launchd.plist keys merged into what the other parameters render.</summary>
    [Parameter]
    public Hashtable? Launchd { get; set; }

    /// <summary>Raw unit-file directives by section: @{ Service = @{ Nice = '5' } }.</summary>
    [Parameter]
    public Hashtable? Systemd { get; set; }

    /// <summary>Raw Windows settings for the service, task or Run value.</summary>
    [Parameter]
    public Hashtable? Windows { get; set; }

    /// <summary>Start the job once it is written (New-*), or start the jobs and restart those whose files changed (Set).</summary>
    [Parameter]
    public SwitchParameter Start { get; set; }

    /// <summary>Replace (New-*) or change (Set) a job ServiceManagement did not create; Set changes a vendor's systemd unit by a drop-in.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write each job's definition, as read back from the machine, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// What New-Daemon, New-Agent and New-LoginItem do: define the job from the bound parameters, stage it as a
    /// new job (or a replacement, with -Force), and after ShouldProcess write it and report.
    /// </summary>
    /// <param name="options">What only this kind of job adds to the write (a password, lingering).</param>
    protected void CreateJob(string name, JobKind kind, JobScope? scope, string? user, WriteOptions options)
    {
        var platform = this.Require(name, () => PlatformFactory.Create());
        this.Try(name, () =>
        {
            var definition = JobParameters.Define(name, kind, scope, user, PowerShellValues.Bound(this));
            var staged = platform.StageWrite(new[] { definition }, WriteMode.Create, options with { Start = Start, Force = Force });
            if (CommandOutput.ShouldChange(this, platform, staged, "Create"))
            {
                CommandOutput.Report(this, platform.Commit(staged));
                CommandOutput.PassThru(this, PassThru, platform, definition);
            }
        });
    }
}
