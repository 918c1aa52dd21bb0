namespace ServiceManagement.PowerShell.Commands;

/// <summary>
/// What every cmdlet of the module derives from: Ctrl+C (PowerShell's StopProcessing) cancels the request to
/// stop that the engine's waits honour (<see cref="Processes.Interruption"/>), so a D-Bus wait, a child process
/// or the apply lock ends within a tenth of a second and the command ends with PowerShell's OperationStopped
/// error; an apply stopped so rolls back as a failed one does. <see cref="Errors.ErrorMapper"/> runs the engine
/// under it.
/// </summary>
public abstract class StoppableCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    internal CancellationToken StopRequest => _stopping.Token;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
        }
    }

    protected override void StopProcessing() => _stopping.Cancel();
}
