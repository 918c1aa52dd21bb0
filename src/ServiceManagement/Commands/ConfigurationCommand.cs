using System.Management.Automation.Runspaces;
using ServiceManagement.Configuration;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.PowerShell.Remoting;
using ServiceManagement.Validation;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// A cmdlet that takes a configuration — files by path, or entries from Import-BackgroundJobConfiguration — and
/// acts on all of it at the end of the pipeline, as one configuration.
/// </summary>
public abstract class ConfigurationCommand : StoppableCmdlet
{
    /// <summary>Configuration files; wildcards allowed. Several files are one configuration.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Entries from Import-BackgroundJobConfiguration.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "InputObject", ValueFromPipeline = true)]
    public ConfigurationEntry[] InputObject { get; set; } = Array.Empty<ConfigurationEntry>();

    /// <summary>A configuration document's text (a jobs: file or a DSC v3 document, YAML or JSON).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Content")]
    [ValidateNotNullOrEmpty]
    public string Content { get; set; } = string.Empty;

    /// <summary>Run on these hosts (PowerShell sessions) instead of this machine: the configuration is read here and its content sent; each host plans and applies with its own engine.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public PSSession[]? Session { get; set; }

    /// <summary>How many hosts of -Session at a time; 32 when omitted.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>Also write the jobs that are already as declared (Action NoChange).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Every entry the pipeline gave, in order.</summary>
    protected List<ConfigurationEntry> Entries { get; } = new();

    // With -Session the hosts may run other systems: each checks the configuration for its own.
    protected sealed override void ProcessRecord() => Entries.AddRange(ParameterSetName switch
    {
        "InputObject" => InputObject,
        "Content" => this.Require("(content)", () => ConfigurationLoader.LoadText(Content, "(content)", Session is null ? PlatformTargets.Current : null, PlatformRules.All)).Entries,
        _ => ConfigurationInput.Load(this, Path, Session is null),
    });

    /// <summary>
    /// With -Session: runs this cmdlet on every host with the configuration's content, and writes per host
    /// what it writes here (each object with PSComputerName), its errors (target: the host), and one
    /// <see cref="HostSummary"/>. <paramref name="whatIf"/>: every host only plans (Test-BackgroundJobConfiguration),
    /// and each change is shown here as "What if: HOST: …" with its native diff, so hosts' plans stay apart.
    /// False without -Session.
    /// </summary>
    protected bool RanOnSessions(bool quiet = false, bool whatIf = false)
    {
        if (Session is null)
        {
            return false;
        }

        var replaced = new Dictionary<string, object?>
        {
            ["Content"] = ConfigurationWriter.Save(Entries),
            ["PassThru"] = true,
            ["Quiet"] = null,
        };
        if (whatIf)
        {
            replaced["WhatIf"] = replaced["Confirm"] = replaced["LockTimeout"] = null;
        }

        var outcome = RemoteHosts.Invoke(this, Session, ThrottleLimit, replaced, whatIf ? "Test-BackgroundJobConfiguration" : null);
        var hosts = Session.Select(s => s.ComputerName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        // An error no session could be told from is still the caller's to see.
        foreach (var error in outcome.Failures.Where(f => !hosts.Contains(f.Key, StringComparer.OrdinalIgnoreCase)).SelectMany(f => f.Value))
        {
            WriteError(error);
        }

        foreach (var host in hosts)
        {
            var items = outcome.Output.Where(o => string.Equals(RemoteHosts.HostOf(o), host, StringComparison.OrdinalIgnoreCase)).ToList();
            int Count(string action) => items.Count(i => i.Properties["Action"]?.Value?.ToString() == action);
            var errors = outcome.Failures.TryGetValue(host, out var failed) ? failed : Array.Empty<ErrorRecord>();
            var changes = items.Where(i => i.Properties["Action"]?.Value?.ToString() != "NoChange").ToList();
            if (whatIf)
            {
                foreach (var change in changes)
                {
                    ShouldProcess($"{host}: {Describe(change)}", string.Empty, string.Empty);
                }
            }
            else if (!quiet)
            {
                WriteObject(PassThru ? items : changes, enumerateCollection: true);
            }

            foreach (var error in errors)
            {
                WriteError(error);
            }

            var summary = new HostSummary(host, Count("Create"), Count("Update"), Count("Remove"), Count("NoChange"), errors.Count == 0 ? null : string.Join("; ", errors.Select(e => e.ErrorDetails?.Message ?? e.ToString())));
            var written = PSObject.AsPSObject(summary);
            written.Properties.Add(new PSNoteProperty("PSComputerName", host));
            WriteObject(written);
        }

        return true;
    }

    /// <summary>A remote plan item as a what-if line: its action and job, then its native diff.</summary>
    private static string Describe(PSObject item)
    {
        string? Text(string property) => item.Properties[property]?.Value?.ToString();
        var diff = Text("Diff");
        return $"{Text("Action")?.ToLowerInvariant()} {Text("Kind")?.ToLowerInvariant()} {Text("Name")}"
            + (string.IsNullOrEmpty(diff) ? string.Empty : Environment.NewLine + string.Join(Environment.NewLine, diff!.TrimEnd('\n').Split('\n').Select(line => "    " + line)));
    }
}
