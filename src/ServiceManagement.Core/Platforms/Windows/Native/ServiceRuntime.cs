namespace ServiceManagement.Platforms.Windows.Native;

/// <summary>A service's runtime state as QueryServiceStatusEx reports it.</summary>
internal sealed record ServiceRuntime(string Name, ServiceRunState State, int? ProcessId, int ExitCode)
{
    /// <summary>The service shares its process with others (SERVICE_WIN32_SHARE_PROCESS, an svchost group).</summary>
    public bool Shared { get; init; }
}
