namespace ServiceManagement.PowerShell.Remoting;

/// <summary>
/// What converging (or testing) one host came to: whether it is as declared, how many jobs were (or would be)
/// created, updated, removed or left as they were, and whether the host failed, with why.
/// </summary>
public sealed class HostSummary
{
    public HostSummary(string computerName, int created, int updated, int removed, int unchanged, string? error)
    {
        ComputerName = computerName;
        Created = created;
        Updated = updated;
        Removed = removed;
        Unchanged = unchanged;
        Error = error;
    }

    public string ComputerName { get; }

    /// <summary>True when the host needed no change (for Invoke-, as found before applying).</summary>
    public bool InDesiredState => Error is null && Created + Updated + Removed == 0;

    public int Created { get; }

    public int Updated { get; }

    public int Removed { get; }

    public int Unchanged { get; }

    public bool Failed => Error is not null;

    public string? Error { get; }
}
