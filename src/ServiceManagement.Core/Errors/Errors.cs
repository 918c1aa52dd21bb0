namespace ServiceManagement.Errors;

/// <summary>
/// What kind of failure an error is. Front ends map this once: to an ErrorCategory in the module and
/// to an exit code in <c>svcmgmt</c>.
/// </summary>
public enum ErrorKind
{
    /// <summary>The input is wrong; nothing was changed.</summary>
    InvalidInput,

    /// <summary>The job manager or the operating system failed.</summary>
    Platform,

    /// <summary>The caller lacks the rights the operation needs.</summary>
    PermissionDenied,

    /// <summary>The job or file named does not exist.</summary>
    NotFound,
}

/// <summary>The base of every error the engine raises on purpose.</summary>
public abstract class ServiceManagementException : Exception
{
    protected ServiceManagementException(string message, ErrorKind kind, string reason, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Reason = reason;
    }

    public ErrorKind Kind { get; }

    /// <summary>A stable word a front end appends to its command name to form an error id.</summary>
    public string Reason { get; }
}

/// <summary>A file is in a format the engine does not know, or cannot write.</summary>
public sealed class UnsupportedFormatException : ServiceManagementException
{
    public UnsupportedFormatException(string message)
        : base(message, ErrorKind.InvalidInput, "UnsupportedFormat")
    {
    }
}

/// <summary>A file named as input does not exist.</summary>
public sealed class InputNotFoundException : ServiceManagementException
{
    public InputNotFoundException(string path, Exception? inner = null)
        : base($"'{path}' does not exist.", ErrorKind.NotFound, "InputNotFound", inner)
    {
    }
}

/// <summary>The job manager or the operating system refused or failed an operation.</summary>
public sealed class PlatformException : ServiceManagementException
{
    public PlatformException(string message, Exception? inner = null)
        : base(message, ErrorKind.Platform, "PlatformError", inner)
    {
    }
}

/// <summary>The operation needs rights the caller does not have (usually root for system jobs).</summary>
public sealed class PermissionDeniedException : ServiceManagementException
{
    public PermissionDeniedException(string message, Exception? inner = null)
        : base(message, ErrorKind.PermissionDenied, "PermissionDenied", inner)
    {
    }
}

/// <summary>No job matches what was asked for.</summary>
public sealed class JobNotFoundException : ServiceManagementException
{
    public JobNotFoundException(string name)
        : base($"No job named '{name}' was found.", ErrorKind.NotFound, "JobNotFound")
    {
        Name = name;
    }

    public string Name { get; }
}

/// <summary>A bare name that names several jobs (a daemon and an agent, say) where one is meant.</summary>
public sealed class JobAmbiguousException : ServiceManagementException
{
    public JobAmbiguousException(string name, IEnumerable<string> candidates)
        : base($"'{name}' names more than one job: {string.Join("; ", candidates)}. Say which with kind, scope or user.", ErrorKind.InvalidInput, "JobAmbiguous")
    {
        Name = name;
    }

    public string Name { get; }
}

/// <summary>The job exists but is not ours; changing it needs an explicit force.</summary>
public sealed class JobNotManagedException : ServiceManagementException
{
    public JobNotManagedException(string name, string path)
        : base($"'{name}' ({path}) was not created by ServiceManagement; force (-Force, --force) changes it anyway.", ErrorKind.InvalidInput, "JobNotManaged")
    {
    }
}

/// <summary>A user named by a job or a command does not exist on this machine.</summary>
public sealed class UnknownUserException : ServiceManagementException
{
    public UnknownUserException(string name)
        : base($"There is no user '{name}' on this machine.", ErrorKind.NotFound, "UserNotFound")
    {
    }
}

/// <summary>Another apply holds the lock and did not let go in time.</summary>
public sealed class LockTimeoutException : ServiceManagementException
{
    public LockTimeoutException(string path, string holder, TimeSpan waited)
        : base($"Another apply holds {path} ({holder}); gave up after {waited.TotalSeconds:0.#} s. Wait for it to finish, or retry with a longer lock timeout.", ErrorKind.Platform, "Locked")
    {
        Holder = holder;
    }

    public string Holder { get; }
}

/// <summary>A job to create exists already.</summary>
public sealed class JobExistsException : ServiceManagementException
{
    public JobExistsException(string name)
        : base($"A job named '{name}' exists already; replace it with set (or apply).", ErrorKind.InvalidInput, "JobExists")
    {
    }
}

/// <summary>A file to write exists already and overwriting it was not asked for.</summary>
public sealed class OutputExistsException : ServiceManagementException
{
    public OutputExistsException(string path)
        : base($"'{path}' exists; force overwrites it.", ErrorKind.InvalidInput, "OutputExists")
    {
    }
}

/// <summary>The system a directory tree holds was named without the tree: this machine is only read as what it is.</summary>
public sealed class PlatformWithoutRootException : ServiceManagementException
{
    /// <param name="platformOption">How the caller's front end spells the platform (--platform, -Platform).</param>
    /// <param name="rootOption">How it spells the tree (--root, -Root).</param>
    public PlatformWithoutRootException(string platformOption, string rootOption)
        : base($"{platformOption} names the system a {rootOption} directory holds; give {rootOption} too.", ErrorKind.InvalidInput, "PlatformWithoutRoot")
    {
    }
}

/// <summary>A Background Task Management dump that is not what sfltool prints; the message names the source and line.</summary>
public sealed class BackgroundTaskDumpException : ServiceManagementException
{
    public BackgroundTaskDumpException(string source, int line, string message)
        : base($"{source}:{line}: {message}", ErrorKind.InvalidInput, "BackgroundTaskDumpInvalid")
    {
    }
}

/// <summary>A Background Task Management dump was given without the macOS tree it belongs to.</summary>
public sealed class BackgroundTaskDumpWithoutTreeException : ServiceManagementException
{
    public BackgroundTaskDumpWithoutTreeException(string dumpOption, string platformOption, string rootOption)
        : base($"{dumpOption} is what sfltool dumpbtm printed on the Mac a {rootOption} tree comes from; give {rootOption} and {platformOption} macos too (this Mac's own is read from sfltool).", ErrorKind.InvalidInput, "BackgroundTaskDumpWithoutTree")
    {
    }
}

/// <summary>Watched jobs did not all reach the state waited for in time.</summary>
public sealed class WatchTimeoutException : ServiceManagementException
{
    public WatchTimeoutException(IReadOnlyList<string> waiting, string state, TimeSpan waited)
        : base($"{(waiting.Count <= 3 ? string.Join(", ", waiting) : string.Join(", ", waiting.Take(3)) + $" and {waiting.Count - 3} more")} did not become {state} within {waited.TotalSeconds:0.#} s.", ErrorKind.Platform, "WatchTimedOut")
    {
        Waiting = waiting;
    }

    public IReadOnlyList<string> Waiting { get; }
}
