using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;

namespace ServiceManagement.Requests;

/// <summary>What a watch of jobs is asked: when it ends, and how often jobs no manager announces are read.</summary>
public sealed record WatchOptions
{
    /// <summary>End when every watched job is in this state — at once when each already is.</summary>
    public JobState? Until { get; init; }

    /// <summary>End after this long; with <see cref="Until"/> not reached, a <see cref="WatchTimeoutException"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>A watch of jobs as svcmgmt watch and Watch-BackgroundJob run it.</summary>
public static class JobWatching
{
    /// <summary>
    /// The jobs' changes as they happen (<see cref="IPlatform.Watch"/>) until <paramref name="cancellation"/>, the
    /// state <see cref="WatchOptions.Until"/> is reached by every job, or <see cref="WatchOptions.Timeout"/>.
    /// </summary>
    /// <remarks>Listening starts when this returns (before the first change is asked for): what happens from then on is seen.</remarks>
    public static IEnumerable<BackgroundJobEvent> Watch(this IPlatform platform, IReadOnlyList<InstalledJob> jobs, WatchOptions options, CancellationToken cancellation)
    {
        _ = platform ?? throw new ArgumentNullException(nameof(platform));
        _ = jobs ?? throw new ArgumentNullException(nameof(jobs));
        _ = options ?? throw new ArgumentNullException(nameof(options));
        var seen = platform.StatusOf(jobs);
        var states = seen.ToDictionary(s => Identity(s.Name, s.Kind, s.Scope, s.User), s => s.State);
        if (options.Until is { } goal && states.Values.All(s => s == goal))
        {
            return Array.Empty<BackgroundJobEvent>();
        }

        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (options.Timeout is { } timeout)
        {
            limit.CancelAfter(timeout);
        }

        return Follow(platform.Watch(jobs, seen.Select(s => s.State).ToList(), options.Interval, limit.Token), states, options, limit, cancellation);
    }

    private static IEnumerable<BackgroundJobEvent> Follow(IEnumerable<BackgroundJobEvent> changes, Dictionary<(string Name, JobKind? Kind, JobScope? Scope, string? User), JobState> states,
        WatchOptions options, CancellationTokenSource limit, CancellationToken cancellation)
    {
        using (limit)
        {
            foreach (var change in changes)
            {
                states[Identity(change.Name, change.Kind, change.Scope, change.User)] = change.To;
                yield return change;
                if (options.Until is { } reached && states.Values.All(s => s == reached))
                {
                    yield break;
                }
            }
        }

        if (options.Until is { } wanted && !cancellation.IsCancellationRequested)
        {
            throw new WatchTimeoutException(states.Where(s => s.Value != wanted).Select(s => s.Key.Name).ToList(), wanted.ToString(), options.Timeout ?? TimeSpan.Zero);
        }
    }

    private static (string Name, JobKind? Kind, JobScope? Scope, string? User) Identity(string name, JobKind? kind, JobScope? scope, string? user) => (name, kind, scope, user);
}
