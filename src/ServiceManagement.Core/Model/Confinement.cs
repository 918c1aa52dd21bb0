namespace ServiceManagement.Model;

/// <summary>What network a confined job may reach: none at all, or only this machine. <c>any</c> is no restriction.</summary>
public enum NetworkAccess
{
    None,
    Local,
}

/// <summary>
/// A job's sandbox by capability (<c>sandbox: { network, filesystem, devices, privileges, user }</c>), on top of
/// a <see cref="SandboxProfile"/> or alone; each setting replaces what the profile says about the same thing, and
/// one left out (or given as <c>any</c>) leaves the profile's choice.
/// </summary>
public sealed record Confinement
{
    /// <summary>None: no network at all (a private loopback only); Local: this machine's addresses only.</summary>
    public NetworkAccess? Network { get; init; }

    /// <summary>The whole file system read-only, but <see cref="WritablePaths"/>.</summary>
    public bool ReadOnlyFileSystem { get; init; }

    /// <summary>Directories the job may write to (they must exist); with <see cref="ReadOnlyFileSystem"/>, the only ones.</summary>
    public ValueList<string> WritablePaths { get; init; } = ValueList<string>.Empty;

    /// <summary>Paths the job cannot reach at all.</summary>
    public ValueList<string> HiddenPaths { get; init; } = ValueList<string>.Empty;

    /// <summary>No devices but the pseudo ones (/dev/null, /dev/random, …).</summary>
    public bool NoDevices { get; init; }

    /// <summary>The Linux capabilities the job keeps (CAP_NET_BIND_SERVICE, …); empty: none at all; null: as the profile leaves them.</summary>
    public ValueList<string>? Privileges { get; init; }

    /// <summary>Runs under a throwaway account made for each run (systemd's DynamicUser).</summary>
    public bool DynamicUser { get; init; }

    /// <summary>Nothing confined: readers return no confinement rather than an empty one.</summary>
    internal bool IsEmpty => Network is null && !ReadOnlyFileSystem && WritablePaths.Count == 0 && HiddenPaths.Count == 0 && !NoDevices && Privileges is null && !DynamicUser;
}
