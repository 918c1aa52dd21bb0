using System.Management.Automation.Runspaces;
using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Errors;
using ServiceManagement.IO;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.PowerShell.Remoting;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Export-BackgroundJobConfiguration: jobs on this machine (or from the pipeline) as a configuration file that
/// Invoke-BackgroundJobConfiguration applies back. Without -Path the YAML is written to the pipeline.
/// </summary>
[Cmdlet(VerbsData.Export, "BackgroundJobConfiguration", SupportsShouldProcess = true, DefaultParameterSetName = "Query")]
[OutputType(typeof(string))]
public sealed class ExportBackgroundJobConfigurationCommand : StoppableCmdlet
{
    private readonly List<ConfigurationEntry> _entries = new();

    /// <summary>Job names; wildcards match several. All jobs when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = "Query")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only jobs of this kind.</summary>
    [Parameter(ParameterSetName = "Query")]
    public JobKind? Kind { get; set; }

    /// <summary>Only jobs of this scope.</summary>
    [Parameter(ParameterSetName = "Query")]
    public JobScope? Scope { get; set; }

    /// <summary>Only user jobs of this user.</summary>
    [Parameter(ParameterSetName = "Query")]
    public string? User { get; set; }

    /// <summary>Only jobs ServiceManagement created.</summary>
    [Parameter(ParameterSetName = "Query")]
    public SwitchParameter ManagedOnly { get; set; }

    /// <summary>Export the jobs under this directory — a mounted disk, an image or a backup — read-only, instead of this machine's.</summary>
    [Parameter(ParameterSetName = "Query")]
    [ValidateNotNullOrEmpty]
    public string? Root { get; set; }

    /// <summary>With -Root: the system the directory holds, Linux or MacOS; this machine's when omitted.</summary>
    [Parameter(ParameterSetName = "Query")]
    [ValidateSet("Linux", "MacOS")]
    public TargetOperatingSystem? Platform { get; set; }

    /// <summary>
    /// With -Root and -Platform MacOS: a file of what <c>sfltool dumpbtm</c> printed on the Mac the directory comes
    /// from, so that the login items its applications registered without a plist are exported too.
    /// </summary>
    [Parameter(ParameterSetName = "Query")]
    [ValidateNotNullOrEmpty]
    public string? BackgroundTaskDump { get; set; }

    /// <summary>Definitions to export, such as those Get-BackgroundJobDefinition writes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "InputObject", ValueFromPipeline = true)]
    public BackgroundJobDefinition[] InputObject { get; set; } = Array.Empty<BackgroundJobDefinition>();

    /// <summary>The file to write; the YAML goes to the pipeline when omitted.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Jobs (a jobs: file, the default) or Dsc (a DSC v3 configuration document).</summary>
    [Parameter]
    public ConfigurationForm Form { get; set; } = ConfigurationForm.Jobs;

    /// <summary>
    /// Write secret values (those this user may read) instead of <c>{ keepSecret: true }</c>; a file written
    /// with -Path is then readable by its owner only.
    /// </summary>
    [Parameter(ParameterSetName = "Query")]
    public SwitchParameter IncludeSecret { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Export from these hosts (PowerShell sessions) instead of this machine: one document per host, with PSComputerName.</summary>
    [Parameter(ParameterSetName = "Query")]
    [ValidateNotNullOrEmpty]
    public PSSession[]? Session { get; set; }

    /// <summary>How many hosts of -Session at a time; 32 when omitted.</summary>
    [Parameter(ParameterSetName = "Query")]
    [ValidateRange(1, int.MaxValue)]
    public int ThrottleLimit { get; set; } = 32;

    protected override void BeginProcessing()
    {
        if (Session is not null && Path is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("-Path writes one file; with -Session each host's document comes back to the pipeline (save each by its PSComputerName)."),
                "ExportBackgroundJobConfigurationPathWithSession", ErrorCategory.InvalidArgument, Path));
        }
    }

    protected override void ProcessRecord()
    {
        if (Session is not null)
        {
            RemoteHosts.Invoke(this, Session, ThrottleLimit).WriteTo(this);
            return;
        }

        if (ParameterSetName == "InputObject")
        {
            _entries.AddRange(InputObject.Select(d => new ConfigurationEntry(d)));
            return;
        }

        var platform = this.Require(Name, () => PlatformFactory.ForReading(Platform, Root, ("-Platform", "-Root", "-BackgroundTaskDump"), BackgroundTaskDump is null ? null : GetUnresolvedProviderPathFromPSPath(BackgroundTaskDump)));
        var result = this.Require(Name, () => Exporter.Export(platform, new JobQuery { Names = Name, Kind = Kind, Scope = Scope, User = User, ManagedOnly = ManagedOnly }, IncludeSecret));
        foreach (var finding in result.Findings)
        {
            WriteVerbose(finding.ToString());
        }

        WriteVerbose(result.Summary);

        _entries.AddRange(result.Entries);
    }

    protected override void EndProcessing()
    {
        if (Session is not null)
        {
            return;
        }

        var yaml = ConfigurationWriter.Save(_entries, Form);
        if (Path is null)
        {
            WriteObject(yaml);
            return;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(path) && !Force)
        {
            ThrowTerminatingError(ErrorMapper.ToRecord(this, new OutputExistsException(path), path));
        }

        if (ShouldProcess(path, $"Write {_entries.Count} job(s)"))
        {
            this.Try(path, () => AtomicFile.WriteAllText(path, yaml, IncludeSecret ? Posix.OwnerOnly : null));
        }
    }
}
