namespace ServiceManagement.Platforms.Systemd;

/// <summary>The wall clock and the monotonic clock (time since boot) read at one moment.</summary>
internal readonly record struct Clock(DateTimeOffset Now, TimeSpan Monotonic)
{
    /// <summary>Now. On Linux, Stopwatch counts CLOCK_MONOTONIC, the clock systemd's monotonic timers use.</summary>
    public static Clock System => new(DateTimeOffset.UtcNow, TimeSpan.FromTicks((long)(global::System.Diagnostics.Stopwatch.GetTimestamp() * (double)TimeSpan.TicksPerSecond / global::System.Diagnostics.Stopwatch.Frequency)));
}
