using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>Which systemd manager a unit belongs to: the system's, one user's, or every user's.</summary>
internal sealed record SystemdManager(JobScope Scope, PosixUser? User)
{
    public static SystemdManager System { get; } = new(JobScope.System, null);

    /// <summary>The units in /etc/systemd/user and the like, which every user's manager loads.</summary>
    public static SystemdManager Global { get; } = new(JobScope.System, null) { IsGlobal = true };

    public bool IsGlobal { get; private init; }

    public static SystemdManager Of(PosixUser user) => new(JobScope.User, user);
}
