using ServiceManagement.Configuration;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// A cmdlet that takes a configuration — files by path, or entries from Import-BackgroundJobConfiguration — and
/// acts on all of it at the end of the pipeline, as one configuration.
/// </summary>
public abstract class ConfigurationCommand : PSCmdlet
{
    /// <summary>Configuration files; wildcards allowed. Several files are one configuration.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Entries from Import-BackgroundJobConfiguration.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "InputObject", ValueFromPipeline = true)]
    public ConfigurationEntry[] InputObject { get; set; } = Array.Empty<ConfigurationEntry>();

    /// <summary>Every entry the pipeline gave, in order.</summary>
    protected List<ConfigurationEntry> Entries { get; } = new();

    protected sealed override void ProcessRecord() => Entries.AddRange(ParameterSetName == "InputObject" ? InputObject : ConfigurationInput.Load(this, Path));
}
