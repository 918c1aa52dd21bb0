using System.Collections;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>The property parameters of jobs a job manager supervises (daemons and agents): schedule, restarts, sockets, activation names, watched paths, dependencies, limits, sandbox.</summary>
public abstract class ServicePropertiesCommand<TName> : JobPropertiesCommand<TName>
{
    /// <summary>Run on a timer this often: 15m, 1h, or a TimeSpan.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Every")]
    [DurationTransformation]
    public Duration Every { get; set; }

    /// <summary>Run on a five-field cron schedule, such as "0 2 * * *".</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Cron")]
    public string? Cron { get; set; }

    /// <summary>When the job manager restarts the process: Never, OnFailure or Always.</summary>
    [Parameter]
    public RestartCondition Restart { get; set; }

    /// <summary>How long to wait before a restart: 10s, 1m30s, or a TimeSpan.</summary>
    [Parameter]
    [DurationTransformation]
    public Duration RestartDelay { get; set; }

    /// <summary>At most this many restarts within -RestartInterval; past that the job is left failed.</summary>
    [Parameter]
    public int RestartLimit { get; set; }

    /// <summary>The interval -RestartLimit counts restarts in.</summary>
    [Parameter]
    [DurationTransformation]
    public Duration RestartInterval { get; set; }

    /// <summary>Listening sockets the job manager opens for the job: @{ name = 'http'; protocol = 'tcp'; port = 8080 }.</summary>
    [Parameter]
    public Hashtable[]? Sockets { get; set; }

    /// <summary>Start the job when a client first asks for this IPC name (launchd MachServices, D-Bus activation on systemd); nothing runs until then.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ActivationName { get; set; }

    /// <summary>Start the job once whenever one of these files or directories changes (launchd WatchPaths, a systemd path unit).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? WatchPath { get; set; }

    /// <summary>Start the job while one of these directories holds an entry, again after each run until all are empty (launchd QueueDirectories).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? QueueDirectory { get; set; }

    /// <summary>Jobs or native services that must be running first.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Dependencies { get; set; }

    /// <summary>Limits: @{ openFiles = 4096; processes = 64; memory = '512M'; cpuPercent = 50; nice = 5 }.</summary>
    [Parameter]
    public Hashtable? ResourceLimits { get; set; }

    /// <summary>
    /// A hardening profile (None, Basic, Strict), or a sandbox by capability: @{ network = 'none'; filesystem =
    /// @{ readOnly = $true; writable = @('/var/lib/x') }; devices = 'none'; privileges = 'none'; user = 'dynamic'; profile = 'basic' }.
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.SandboxCompleter))]
    public object? Sandbox { get; set; }
}
