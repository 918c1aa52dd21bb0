namespace ServiceManagement.Model;

/// <summary>
/// One portable background job. Identity is <see cref="Name"/>, <see cref="Kind"/> and
/// <see cref="Scope"/> (with <see cref="User"/> for user scope); everything else is optional and
/// is translated to each platform's native form. Instances are immutable and compare by value.
/// A definition may be invalid: <see cref="Validation.DefinitionValidator"/> says what is wrong with it.
/// </summary>
public sealed record BackgroundJobDefinition(string Name, JobKind Kind, JobScope Scope)
{
    /// <summary>The user a user-scoped job belongs to; absent means the current user.</summary>
    public string? User { get; init; }

    /// <summary>The absolute path of the executable.</summary>
    public string? Program { get; init; }

    /// <summary>The arguments after the program, one element each; never a shell string.</summary>
    public ValueList<string> Arguments { get; init; } = ValueList<string>.Empty;

    public string? WorkingDirectory { get; init; }

    public ValueMap<string> Environment { get; init; } = ValueMap<string>.Empty;

    /// <summary>
    /// Names of <see cref="Environment"/> variables whose values are secret: never shown in plans,
    /// diffs, output or logs, and kept where only the job's account can read them. A name without a value
    /// in <see cref="Environment"/> keeps the value the job on the machine has.
    /// </summary>
    public ValueList<string> SecretEnvironment { get; init; } = ValueList<string>.Empty;

    /// <summary>The definition with its secrets named but their values left out: the form every output of a job takes.</summary>
    public BackgroundJobDefinition WithoutSecretValues() => SecretEnvironment.Count == 0
        ? this
        : this with { Environment = ValueMap<string>.From(Environment.Where(e => !SecretEnvironment.Contains(e.Key))) };

    public RunAs? RunAs { get; init; }

    public string? Description { get; init; }

    public StartupType? StartupType { get; init; }

    public RestartPolicy? Restart { get; init; }

    public Schedule? Schedule { get; init; }

    public string? StandardOutputPath { get; init; }

    public string? StandardErrorPath { get; init; }

    public ValueList<SocketSpec> Sockets { get; init; } = ValueList<SocketSpec>.Empty;

    /// <summary>The name a client asks for to start the job; nothing runs until one does.</summary>
    public Activation? Activation { get; init; }

    /// <summary>Paths whose changes start the job.</summary>
    public PathWatch? Watch { get; init; }

    /// <summary>Names of jobs (or native units and services) that must be running first.</summary>
    public ValueList<string> Dependencies { get; init; } = ValueList<string>.Empty;

    public ResourceLimits? ResourceLimits { get; init; }

    public SandboxProfile? Sandbox { get; init; }

    /// <summary>The sandbox by capability, applied over <see cref="Sandbox"/>'s profile.</summary>
    public Confinement? Confinement { get; init; }

    /// <summary>Raw launchd.plist keys merged into what the portable properties render.</summary>
    public ValueMap<RawValue> Launchd { get; init; } = ValueMap<RawValue>.Empty;

    /// <summary>Raw unit-file directives by section (<c>Service: { Nice: "5" }</c>).</summary>
    public ValueMap<RawValue> Systemd { get; init; } = ValueMap<RawValue>.Empty;

    /// <summary>Raw Windows settings for the service, task or Run value.</summary>
    public ValueMap<RawValue> Windows { get; init; } = ValueMap<RawValue>.Empty;

    /// <summary>Read-only: the native file or registry path the job was read from.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Read-only: the mechanism the job was found in.</summary>
    public JobPlatform? Platform { get; init; }

    /// <summary>
    /// Whether the definition was authored (held to the authoring rules) or describes a job as a machine
    /// has it (held only to its job manager's rules; see <see cref="Validation.DefinitionValidator"/>).
    /// Every native reader sets <see cref="JobOrigin.Machine"/>; export writes it as <c>origin: machine</c>.
    /// </summary>
    public JobOrigin Origin { get; init; }

    /// <summary>Read-only: true when the native job carries ServiceManagement's ownership marker.</summary>
    public bool Managed { get; init; }

    /// <summary>Read-only: native keys the portable model does not understand, preserved on round trip.</summary>
    public ValueMap<RawValue> Unmodelled { get; init; } = ValueMap<RawValue>.Empty;
}
