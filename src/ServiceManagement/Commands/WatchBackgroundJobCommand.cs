using ServiceManagement.Platforms.Backends;
using ServiceManagement.PowerShell.Completion;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// Watch-BackgroundJob: each change of jobs' states as it happens, as BackgroundJobEvent objects — from the job
/// manager's own events where it has them (systemd), else read at an interval — until Ctrl+C, -Until (every job
/// in that state; at once when each already is) or -Timeout (with -Until not reached, an error). Every job when
/// no name is given; names from the pipeline are watched together.
/// </summary>
[Cmdlet(VerbsCommon.Watch, "BackgroundJob")]
[OutputType(typeof(BackgroundJobEvent))]
public sealed class WatchBackgroundJobCommand : JobFilterCommand
{
    private readonly List<string> _names = new();

    /// <summary>Job names; wildcards match several. All jobs when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(JobNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>End when every watched job is in this state (Running, Stopped, Failed, …); at once when each already is.</summary>
    [Parameter]
    public Model.JobState? Until { get; set; }

    /// <summary>End after this long (30s, 5m); with -Until not reached by then, an error.</summary>
    [Parameter]
    [DurationTransformation]
    public Duration? Timeout { get; set; }

    /// <summary>How often jobs whose manager announces nothing are read; 2s when omitted.</summary>
    [Parameter]
    [DurationTransformation]
    public Duration? Interval { get; set; }

    protected override void ProcessRecord() => _names.AddRange(Name ?? Array.Empty<string>());

    protected override void EndProcessing()
    {
        var names = _names.Count == 0 ? null : _names;
        this.Require(names, () =>
        {
            var platform = PlatformFactory.Create();
            var query = QueryFor(names).ForStatus();
            var jobs = platform.Find(query);
            var options = new WatchOptions { Until = Until, Timeout = Timeout?.Value, Interval = Interval?.Value ?? TimeSpan.FromSeconds(2) };
            foreach (var change in platform.Watch(jobs, options, StopRequest))
            {
                WriteObject(change);
            }

            StopRequest.ThrowIfCancellationRequested();
            return true;
        });
    }
}
