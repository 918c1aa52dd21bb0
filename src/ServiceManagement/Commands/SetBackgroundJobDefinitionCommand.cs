using ServiceManagement.Platforms.Backends;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Set-BackgroundJobDefinition: changes the given properties of installed jobs and leaves the rest as they are;
/// -Clear removes properties. Changing a job ServiceManagement did not create needs -Force (the engine's rule, as for svcmgmt set).
/// </summary>
[Cmdlet(VerbsCommon.Set, "BackgroundJobDefinition", SupportsShouldProcess = true, DefaultParameterSetName = "Properties")]
[OutputType(typeof(BackgroundJobDefinition))]
public sealed class SetBackgroundJobDefinitionCommand : AccountPropertiesCommand<string[]>
{
    /// <summary>The jobs to change; wildcards match several.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public override string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Only jobs of this kind: with Scope and User it names one job where a bare name names several.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobKind? Kind { get; set; }

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? User { get; set; }

    /// <summary>A new program for the jobs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public override string? Program { get; set; }

    /// <summary>New arguments for the jobs, one element each; never a shell string.</summary>
    [Parameter]
    public override string[]? Arguments { get; set; }

    /// <summary>Properties to remove, such as Schedule or Environment.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Clear { get; set; }

    protected override void ProcessRecord()
    {
        var platform = this.Require(Name, () => PlatformFactory.Create());
        foreach (var job in CommandOutput.Select(this, platform, new JobQuery { Names = Name, Kind = Kind, Scope = Scope, User = User }, oneJobPerName: true))
        {
            this.Try(job.Definition.Name, () =>
            {
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
