namespace ServiceManagement.Model;

/// <summary>What sort of background job a definition describes.</summary>
public enum JobKind
{
    /// <summary>Runs without a user session, usually started at boot.</summary>
    Daemon,

    /// <summary>Runs in a user's session (one user, or every user when scoped to the system).</summary>
    Agent,

    /// <summary>Starts once when a user logs in; never restarted, never scheduled.</summary>
    LoginItem,
}

/// <summary>Where a definition comes from, which decides the rules it is held to.</summary>
public enum JobOrigin
{
    /// <summary>Declared by a user to create or change a job: portable, safe, strict.</summary>
    Authored,

    /// <summary>
    /// Read from a machine or a native file (or exported from one): valid when its own job manager
    /// accepts it; what is not portable is a warning.
    /// </summary>
    Machine,
}

/// <summary>Whose job it is: the machine's, or one user's.</summary>
public enum JobScope
{
    System,
    User,
}

/// <summary>
/// Whether a declared job should be running: the run state desired state converges, beside its files.
/// For a scheduled or socket-activated job, running means its trigger (timer, socket) is armed.
/// </summary>
public enum RunState
{
    Running,
    Stopped,
}

public enum StartupType
{
    Automatic,
    Manual,
    Disabled,
}

public enum RestartCondition
{
    Never,
    OnFailure,
    Always,
}

/// <summary>
/// A named set of hardening measures; each platform documents the native directives a profile becomes.
/// </summary>
public enum SandboxProfile
{
    None,
    Basic,
    Strict,
}

public enum SocketProtocol
{
    Tcp,
    Udp,
    Unix,
}

/// <summary>The native mechanism that runs (or would run) a job.</summary>
public enum JobPlatform
{
    Launchd,
    Systemd,
    XdgAutostart,
    WindowsService,
    WindowsTask,
    WindowsRunKey,
}

/// <summary>The operating systems ServiceManagement targets.</summary>
public enum TargetOperatingSystem
{
    MacOS,
    Linux,
    Windows,
}

public enum JobState
{
    Unknown,
    Running,
    Stopped,
    Failed,
    Disabled,
    NotLoaded,

    /// <summary>On its way up: start-up commands running, or waiting to be restarted.</summary>
    Starting,

    /// <summary>On its way down.</summary>
    Stopping,

    /// <summary>Reloading its configuration while running.</summary>
    Reloading,
}
