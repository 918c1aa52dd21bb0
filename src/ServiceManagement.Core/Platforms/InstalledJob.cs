using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms;

/// <summary>A job found on the machine: its definition, the files that make it up, and what is wrong with them.</summary>
public sealed record InstalledJob(BackgroundJobDefinition Definition)
{
    /// <summary>Every native file read for the job, the main one first.</summary>
    public IReadOnlyList<string> Files { get; init; } = Array.Empty<string>();

    public IReadOnlyList<Finding> Findings { get; init; } = Array.Empty<Finding>();

    /// <summary>
    /// True when the reader was asked for an outline (<see cref="JobQuery.Outline"/>): the definition holds the
    /// job's name, kind, scope and user only, and <see cref="Files"/> its native files (a timer or socket among
    /// them is its trigger); nothing else was read.
    /// </summary>
    public bool Outline { get; init; }

    private readonly string? _executable;

    /// <summary>
    /// The file the job runs: its program, or one its reader found elsewhere — the program inside the application
    /// that registered it (launchd's BundleProgram), which the definition leaves as the raw key it is.
    /// </summary>
    public string? Executable
    {
        get => _executable ?? Definition.Program;
        init => _executable = value;
    }

    private readonly bool? _triggered;

    /// <summary>
    /// Whether something other than a start at boot or login runs it — a schedule, a socket, a watched path or a
    /// client asking for its name: what its reader found (a systemd timer, socket, path unit or bus service file,
    /// whether or not the model expresses what it says), else what its definition declares.
    /// </summary>
    public bool Triggered
    {
        get => _triggered ?? RunStates.IsTriggered(Definition);
        init => _triggered = value;
    }

    /// <summary>
    /// The name a bus starts the job for, where its reader found the bus's service file naming it (systemd): whether a
    /// client's call starts it is the bus's to say, which status asks. An outline knows it too.
    /// </summary>
    public string? ActivationName { get; init; }

    /// <summary>
    /// macOS: the job's item in Background Task Management (Login Items &amp; Extensions) that decides whether launchd
    /// may run it — who signed it, for which application, and whether a user switched it off; null elsewhere and
    /// where the database was not read.
    /// </summary>
    public BackgroundTaskItem? BackgroundTask { get; init; }

    /// <summary>True when the job manager has been told never to run it (a systemd mask).</summary>
    public bool Masked { get; init; }

    /// <summary>Whether the job manager starts it by itself (enabled unit, visible autostart entry); null when it cannot be.</summary>
    public bool? Enabled { get; init; }

    /// <summary>The drop-in ServiceManagement wrote to change this job it did not create, if any (systemd).</summary>
    public string? OurDropIn { get; init; }

    /// <summary>The job as its vendor ships it: without our drop-in. The same as <see cref="Definition"/> where there is none.</summary>
    public BackgroundJobDefinition? Vendor { get; init; }

    /// <summary>
    /// The values of the job's secret environment variables, as far as this user may read them. They are kept
    /// apart from <see cref="Definition"/>, whose environment names the secrets (<see cref="BackgroundJobDefinition.SecretEnvironment"/>)
    /// without their values, so that nothing that shows or exports a job can reveal them.
    /// </summary>
    public ValueMap<string> SecretValues { get; init; } = ValueMap<string>.Empty;

    /// <summary>The definition with its secret values: only for comparing with a desired job and for keeping a secret when rewriting it.</summary>
    public BackgroundJobDefinition Complete => SecretValues.Count == 0
        ? Definition
        : Definition with { Environment = ValueMap<string>.From(Definition.Environment.Concat(SecretValues).GroupBy(e => e.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Last().Value))) };

    /// <summary>A job as a reader found it, its secret values moved out of its definition into <see cref="SecretValues"/>.</summary>
    public static InstalledJob WithSecretsApart(InstalledJob job)
    {
        var definition = (job ?? throw new ArgumentNullException(nameof(job))).Definition;
        if (definition.SecretEnvironment.Count == 0)
        {
            return job;
        }

        return job with
        {
            Definition = definition.WithoutSecretValues(),
            SecretValues = ValueMap<string>.From(job.SecretValues.Concat(definition.Environment.Where(e => definition.SecretEnvironment.Contains(e.Key)))),
            Vendor = job.Vendor?.WithoutSecretValues(),
        };
    }
}
