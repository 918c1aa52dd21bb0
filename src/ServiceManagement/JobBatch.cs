using ServiceManagement.Platforms.Backends;

namespace ServiceManagement.PowerShell;

/// <summary>
/// The jobs a cmdlet collects from its whole pipeline (each one confirmed as it arrives) and then acts on
/// at once, so that the job manager is called once per manager rather than once per job.
/// </summary>
internal sealed class JobBatch
{
    private readonly List<InstalledJob> _jobs = new();
    private IPlatform? _platform;

    /// <summary>Adds the jobs the names select that <paramref name="confirm"/> accepts; names that match nothing, or a bare name that matches several jobs, are errors.</summary>
    public void Collect(PSCmdlet cmdlet, string[] names, JobKind? kind, JobScope? scope, string? user, Func<IPlatform, InstalledJob, bool> confirm)
    {
        var platform = _platform ??= cmdlet.Require(names, () => PlatformFactory.Create());
        foreach (var job in CommandOutput.Select(cmdlet, platform, new JobQuery { Names = names, Kind = kind, Scope = scope, User = user }, oneJobPerName: true))
        {
            cmdlet.Try(job.Definition.Name, () =>
            {
                if (confirm(platform, job))
                {
                    _jobs.Add(job);
                }
            });
        }
    }

    /// <summary>Acts on every collected job; then, when the action succeeded, <paramref name="then"/> (for -PassThru).</summary>
    public void Run(PSCmdlet cmdlet, Action<IPlatform, IReadOnlyList<InstalledJob>> action, Action<IPlatform, IReadOnlyList<InstalledJob>>? then)
    {
        var names = _jobs.Select(j => j.Definition.Name).ToArray();
        if (_platform is { } platform && _jobs.Count > 0 && cmdlet.Try(names, () => action(platform, _jobs)) && then is not null)
        {
            cmdlet.Try(names, () => then(platform, _jobs));
        }
    }
}
