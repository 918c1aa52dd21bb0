using ServiceManagement.Errors;
using ServiceManagement.Validation;

namespace ServiceManagement.PowerShell.Errors;

/// <summary>
/// The one place engine errors become ErrorRecords: id <c>&lt;Command&gt;&lt;Reason&gt;</c> (for example
/// <c>RemoveBackgroundJobDefinitionJobNotManaged</c>), the category the engine's catalog names, and the target.
/// </summary>
internal static class ErrorMapper
{
    /// <summary>Errors the engine raises on purpose or the file system reports; anything else is a bug and is left to PowerShell.</summary>
    internal static bool IsExpected(Exception error) =>
        error is ServiceManagementException or IOException or UnauthorizedAccessException;

    internal static ErrorRecord ToRecord(PSCmdlet cmdlet, Exception error, object? target)
    {
        var (reason, category) = ErrorCatalog.Describe(error);
        var record = new ErrorRecord(error, cmdlet.MyInvocation.MyCommand.Name.Replace("-", string.Empty) + reason, (ErrorCategory)Enum.Parse(typeof(ErrorCategory), category), target);
        if (error is InvalidDefinitionException { Findings.Count: > 1 } invalid)
        {
            // The exception's message names the first error only; a person fixing the input wants them all.
            record.ErrorDetails = new ErrorDetails(string.Join(Environment.NewLine, invalid.Findings.Where(f => f.Severity == FindingSeverity.Error)));
        }

        return record;
    }

    /// <summary>Runs one item's work; an expected error is written and the cmdlet goes on with the next item.</summary>
    internal static bool Try(this PSCmdlet cmdlet, object? target, Action work)
    {
        try
        {
            Stoppable(cmdlet, () =>
            {
                work();
                return true;
            });
            return true;
        }
        catch (Exception error) when (IsExpected(error))
        {
            cmdlet.WriteError(ToRecord(cmdlet, error, target));
            return false;
        }
    }

    /// <summary>Runs work the whole command depends on; an expected error stops the command.</summary>
    internal static T Require<T>(this PSCmdlet cmdlet, object? target, Func<T> work)
    {
        try
        {
            return Stoppable(cmdlet, work);
        }
        catch (Exception error) when (IsExpected(error))
        {
            cmdlet.ThrowTerminatingError(ToRecord(cmdlet, error, target));
            throw;
        }
    }

    /// <summary>
    /// Runs the engine under the cmdlet's request to stop (Ctrl+C); stopped, the command ends as PowerShell ends
    /// a stopped pipeline (OperationStopped).
    /// </summary>
    internal static T Stoppable<T>(PSCmdlet cmdlet, Func<T> work)
    {
        try
        {
            return Processes.Interruption.During(cmdlet is Commands.StoppableCmdlet stoppable ? stoppable.StopRequest : CancellationToken.None, work);
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
    }
}
