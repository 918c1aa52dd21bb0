using ServiceManagement.Validation;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>Get-BackgroundJobSupport: how each platform supports each portable property.</summary>
[Cmdlet(VerbsCommon.Get, "BackgroundJobSupport")]
[OutputType(typeof(SupportEntry))]
public sealed class GetBackgroundJobSupportCommand : StoppableCmdlet
{
    /// <summary>Property names to show; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[]? Property { get; set; }

    /// <summary>Platforms to show; all when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public JobPlatform[]? Platform { get; set; }

    protected override void ProcessRecord() => WriteObject(SupportMatrix.Find(Property, Platform), enumerateCollection: true);
}
