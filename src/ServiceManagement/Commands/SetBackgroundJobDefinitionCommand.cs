using System.Management.Automation;
using ServiceManagement.Model;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.Platforms;
using ServiceManagement.PowerShell.Errors;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Set-BackgroundJobDefinition: changes the given properties of installed jobs and leaves the rest as they are;
/// -Clear removes properties. Jobs ServiceManagement did not create need -Force.
/// </summary>
[Cmdlet(VerbsCommon.Set, "BackgroundJobDefinition", SupportsShouldProcess = true)]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class SetBackgroundJobDefinitionCommand : AccountPropertiesCommand
{
    /// <summary>The jobs to change; wildcards match several.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Only jobs of this kind: with Scope and User it names one job where a bare name names several.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobKind? Kind { get; set; }

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? User { get; set; }

    /// <summary>The absolute path of the executable the job runs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Program { get; set; }

    /// <summary>The arguments after the program, one element each; never a shell string.</summary>
    [Parameter]
    public string[]? Arguments { get; set; }

    /// <summary>Run on a timer this often: 15m, 1h, or a TimeSpan.</summary>
    [Parameter]
    public Duration Every { get; set; }

    /// <summary>Run on a five-field cron schedule, such as "0 2 * * *".</summary>
    [Parameter]
    public string? Cron { get; set; }

    /// <summary>Properties to remove, such as Schedule or Environment.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Clear { get; set; }

    /// <summary>Start the jobs, restarting those whose files changed.</summary>
    [Parameter]
    public SwitchParameter Start { get; set; }

    /// <summary>Also change jobs ServiceManagement did not create: on systemd through a drop-in with only the changed settings; such a job stays unmanaged.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write each changed job's definition to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var platform = this.Require(Name, () => PlatformFactory.Create());
        var selection = this.Require(Name, () => JobSelection.Select(platform, new JobQuery { Names = Name, Kind = Kind, Scope = Scope, User = User }, oneJobPerName: true));
        CommandOutput.Unselected(this, selection);
        foreach (var job in selection.Jobs)
        {
            this.Try(job.Definition.Name, () =>
            {
                job.RequireManaged(Force);
                var definition = JobParameters.Change(job.Definition, PowerShellValues.Bound(this), Clear ?? Array.Empty<string>());
                var staged = platform.Stage(new[] { definition }, Array.Empty<InstalledJob>(), new WriteOptions { Start = Start, Force = Force, AccountPassword = Credential?.Password });
                if (CommandOutput.ShouldChange(this, platform, staged, "Change"))
                {
                    CommandOutput.Report(this, platform.Commit(staged));
                    CommandOutput.PassThru(this, PassThru, platform, definition);
                }
            });
        }
    }
}
