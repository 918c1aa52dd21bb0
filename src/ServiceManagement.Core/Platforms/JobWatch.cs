using System.Collections.Concurrent;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms;

/// <summary>
/// Watching jobs: their states now, then each change as it happens. A backend's listeners announce the changes
/// their manager signals (from their own threads, <see cref="Announce"/>); the jobs no listener covers are read
/// at every interval instead. Each change is read once more for what it says of the run (its process, how the
/// last one ended).
/// </summary>
internal sealed class JobWatch : IDisposable
{
    private readonly BlockingCollection<(int Index, JobState State)> _announced = new();

    /// <summary>Job <paramref name="index"/> is now in <paramref name="state"/>, as its manager said.</summary>
    public void Announce(int index, JobState state) => _announced.Add((index, state));

    /// <summary>
    /// The changes of <paramref name="jobs"/> from <paramref name="from"/> until <paramref name="cancellation"/>:
    /// those a first reading shows, those announced, and those readings of the jobs at <paramref name="polled"/>
    /// show every <paramref name="interval"/>.
    /// </summary>
    public IEnumerable<BackgroundJobEvent> Events(IPlatform platform, IReadOnlyList<InstalledJob> jobs, IReadOnlyList<JobState> from, IReadOnlyList<int> polled, TimeSpan interval, CancellationToken cancellation)
    {
        // Listening has started: a first reading reports what changed since the caller's.
        var last = from.ToArray();
        var first = platform.StatusOf(jobs);
        for (var i = 0; i < jobs.Count; i++)
        {
            if (first[i].State != last[i])
            {
                yield return Event(first[i], last[i], first[i].State);
                last[i] = first[i].State;
            }
        }

        var nextReading = DateTime.UtcNow + interval;
        while (!cancellation.IsCancellationRequested)
        {
            var wait = polled.Count == 0 ? TimeSpan.FromMilliseconds(-1) : Max(nextReading - DateTime.UtcNow, TimeSpan.Zero);
            if (TryTake(wait, cancellation, out var announced))
            {
                var status = platform.StatusOf(new[] { jobs[announced.Index] })[0];
                if (announced.State != last[announced.Index])
                {
                    yield return Event(status, last[announced.Index], announced.State);
                    last[announced.Index] = announced.State;
                }

                continue;
            }

            if (cancellation.IsCancellationRequested || polled.Count == 0)
            {
                continue;
            }

            nextReading = DateTime.UtcNow + interval;
            var readings = platform.StatusOf(polled.Select(i => jobs[i]).ToList());
            for (var k = 0; k < polled.Count; k++)
            {
                if (readings[k].State != last[polled[k]])
                {
                    yield return Event(readings[k], last[polled[k]], readings[k].State);
                    last[polled[k]] = readings[k].State;
                }
            }
        }
    }

    public void Dispose() => _announced.Dispose();

    private bool TryTake(TimeSpan wait, CancellationToken cancellation, out (int Index, JobState State) announced)
    {
        try
        {
            return _announced.TryTake(out announced, (int)Math.Min(wait.TotalMilliseconds, int.MaxValue), cancellation);
        }
        catch (OperationCanceledException)
        {
            announced = default;
            return false;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static BackgroundJobEvent Event(BackgroundJobStatus status, JobState from, JobState to) => new(DateTimeOffset.UtcNow, status.Name, from, to)
    {
        Kind = status.Kind,
        Scope = status.Scope,
        User = status.User,
        Reason = to is JobState.Stopped or JobState.Failed or JobState.Starting ? status.ExitReason : null,
        ProcessId = to is JobState.Running or JobState.Reloading or JobState.Stopping ? status.ProcessId : null,
        ExitCode = to is JobState.Stopped or JobState.Failed or JobState.Starting ? status.LastExitCode : null,
    };
}
