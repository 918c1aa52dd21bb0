using System.Globalization;

namespace ServiceManagement.IO;

/// <summary>
/// A test hook for what an interrupted apply leaves behind. Each step that changes the machine (a file written
/// or deleted, a request to a job manager) is counted; with SVCMGMT_CRASH_AT=N the process kills itself with
/// SIGKILL, as <c>kill -9</c> would, just before its Nth step, and SVCMGMT_STEP_LOG=FILE appends one line per
/// step to FILE so that a test can spread its crash points over a whole run. Without either, a step costs a
/// comparison.
/// </summary>
internal static class CrashPoints
{
    private static readonly int CrashAt = int.TryParse(Environment.GetEnvironmentVariable("SVCMGMT_CRASH_AT"), NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : 0;
    private static readonly string? StepLog = Environment.GetEnvironmentVariable("SVCMGMT_STEP_LOG") is { Length: > 0 } log ? log : null;
    private static int _steps;

    public static void Step(string what)
    {
        if (CrashAt == 0 && StepLog is null)
        {
            return;
        }

        var step = Interlocked.Increment(ref _steps);
        if (StepLog is not null)
        {
            File.AppendAllText(StepLog, step.ToString(CultureInfo.InvariantCulture) + " " + what + "\n");
        }

        if (step == CrashAt)
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            self.Kill();
        }
    }
}
