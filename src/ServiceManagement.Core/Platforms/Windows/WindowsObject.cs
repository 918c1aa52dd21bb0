using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// One native object a Windows job is kept as: a service (by name), a scheduled task (by path) or a Run value
/// (by its full registry path). <see cref="Path"/> is how a plan names it, and stands where files stand on
/// the other systems.
/// </summary>
internal sealed record WindowsObject(JobPlatform Platform, string Id)
{
    public string Path => Platform switch
    {
        JobPlatform.WindowsService => "scm:\\" + Id,
        JobPlatform.WindowsTask => "task:" + Id,
        _ => Id,
    };
}
