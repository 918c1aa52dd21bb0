using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>The unit files of one job as read from disk: the service (drop-ins merged), its timer, its sockets and its path unit.</summary>
internal sealed record SystemdUnits(string Name, UnitFile Service)
{
    public UnitFile? Timer { get; init; }

    /// <summary>The values of the job's secrets file (see <see cref="SystemdSecrets.FileName"/>), when there is one and it could be read.</summary>
    public ValueMap<string>? Secrets { get; init; }

    /// <summary>The socket units that activate the service, <c>NAME.socket</c> first.</summary>
    public IReadOnlyList<UnitFile> Sockets { get; init; } = Array.Empty<UnitFile>();

    /// <summary>The name the bus starts the service for: a service file of the bus names the unit; null when none does.</summary>
    public string? BusActivatedAs { get; init; }

    /// <summary><c>NAME.path</c>, which starts the service when a watched path changes.</summary>
    public UnitFile? Path { get; init; }
}
