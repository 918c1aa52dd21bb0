using System.Diagnostics;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// A running service's figures from its process: working set, CPU time and threads. For a service that
/// shares an svchost process they are the whole process's, and the status says so (<see cref="BackgroundJobStatus.SharedProcess"/>).
/// </summary>
internal static class ServiceProcess
{
    public static BackgroundJobStatus Fill(BackgroundJobStatus status, bool shared)
    {
        if ((status ?? throw new ArgumentNullException(nameof(status))).ProcessId is not { } pid)
        {
            return status;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return status with { MemoryBytes = process.WorkingSet64, CpuTime = process.TotalProcessorTime, TaskCount = process.Threads.Count, SharedProcess = shared };
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Gone since the SCM answered, or not open to this user (a protected process).
            return status with { SharedProcess = shared };
        }
    }
}
