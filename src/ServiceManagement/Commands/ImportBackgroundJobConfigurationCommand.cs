using ServiceManagement.Configuration;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Import-BackgroundJobConfiguration: reads a configuration (a jobs: file or a DSC v3 document, YAML or JSON)
/// into entries that Test- and Invoke-BackgroundJobConfiguration take from the pipeline. Nothing is changed.
/// </summary>
[Cmdlet(VerbsData.Import, "BackgroundJobConfiguration")]
[OutputType(typeof(ConfigurationEntry))]
public sealed class ImportBackgroundJobConfigurationCommand : StoppableCmdlet
{
    /// <summary>Configuration files; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>A configuration's text, YAML or JSON.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Content", ValueFromPipeline = true)]
    public string Content { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Content")
        {
            this.Try("-Content", () => WriteObject(ConfigurationLoader.LoadText(Content, "-Content", PlatformTargets.Current, PlatformRules.All).Entries, enumerateCollection: true));
            return;
        }

        foreach (var pattern in Path)
        {
            this.Try(pattern, () =>
            {
                foreach (var path in GetResolvedProviderPathFromPSPath(pattern, out _))
                {
                    WriteObject(ConfigurationLoader.Load(path, PlatformTargets.Current, PlatformRules.All).Entries, enumerateCollection: true);
                }
            });
        }
    }
}
