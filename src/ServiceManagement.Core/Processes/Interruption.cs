namespace ServiceManagement.Processes;

/// <summary>
/// A front end's request to stop (a cmdlet's StopProcessing, which Ctrl+C and PowerShell's Stop() call), passed
/// to the engine for the length of one call. Every wait that can last checks it at least every
/// <see cref="CheckInterval"/> and then throws <see cref="OperationCanceledException"/>: a D-Bus reply or job,
/// a child process (which is killed), the apply lock. It is ambient — it flows with the call — because those
/// waits sit several layers below the operations the front ends call, and an apply cancelled this way rolls
/// back as a failed one does.
/// </summary>
public static class Interruption
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>The request to stop the current call honours; none outside <see cref="During"/>.</summary>
    public static CancellationToken Token => Current.Value;

    /// <summary>Runs <paramref name="work"/> with <paramref name="token"/> as the request to stop.</summary>
    public static T During<T>(CancellationToken token, Func<T> work)
    {
        var outer = Current.Value;
        Current.Value = token;
        try
        {
            return (work ?? throw new ArgumentNullException(nameof(work)))();
        }
        finally
        {
            Current.Value = outer;
        }
    }
}
