namespace ServiceManagement.Platforms.Windows.Native;

/// <summary>SERVICE_STOPPED (1) to SERVICE_PAUSED (7).</summary>
internal enum ServiceRunState
{
    Stopped = 1,
    StartPending = 2,
    StopPending = 3,
    Running = 4,
    ContinuePending = 5,
    PausePending = 6,
    Paused = 7,
}
