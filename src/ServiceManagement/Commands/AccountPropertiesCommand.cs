namespace ServiceManagement.PowerShell.Commands;

/// <summary>The property parameters of the account a daemon runs as, and the password Windows needs for a user account.</summary>
public abstract class AccountPropertiesCommand<TName> : ServicePropertiesCommand<TName>
{
    /// <summary>The user the daemon runs as (POSIX).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunAsUser { get; set; }

    /// <summary>The group the daemon runs as (POSIX).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunAsGroup { get; set; }

    /// <summary>The Windows account the service runs as: LocalSystem, LocalService, NetworkService, NT SERVICE\\name, DOMAIN\\user or a gMSA.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunAsAccount { get; set; }

    /// <summary>A user account and its password for the service to sign in as (a domain user); the password goes to the service control manager only, never written or logged.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }
}
