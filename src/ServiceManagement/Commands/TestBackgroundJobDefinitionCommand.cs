using ServiceManagement.Configuration;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Test-BackgroundJobDefinition: every finding about definitions — in a configuration file (with line and
/// column) or from the pipeline — including what each target operating system cannot express.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "BackgroundJobDefinition")]
[OutputType(typeof(Finding))]
public sealed class TestBackgroundJobDefinitionCommand : StoppableCmdlet
{
    /// <summary>Configuration files to check; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Definitions to check, such as those Get-BackgroundJobDefinition writes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "InputObject", ValueFromPipeline = true)]
    public BackgroundJobDefinition[] InputObject { get; set; } = Array.Empty<BackgroundJobDefinition>();

    /// <summary>Also check what these operating systems can express; this machine's when omitted.</summary>
    [Parameter]
    public TargetOperatingSystem[]? TargetOperatingSystem { get; set; }

    protected override void ProcessRecord()
    {
        var systems = TargetOperatingSystem ?? new[] { PlatformTargets.Current };
        if (ParameterSetName == "InputObject")
        {
            foreach (var definition in InputObject)
            {
                WriteObject(systems.SelectMany(os => DefinitionValidator.Validate(definition, os, PlatformRules.All)).Distinct(), enumerateCollection: true);
            }

            return;
        }

        foreach (var pattern in Path)
        {
            this.Try(pattern, () =>
            {
                foreach (var path in GetResolvedProviderPathFromPSPath(pattern, out _))
                {
                    WriteObject(ConfigurationValidator.ValidateFor(ConfigurationLoader.LoadFile(path), systems, PlatformRules.All), enumerateCollection: true);
                }
            });
        }
    }
}
