using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms;

/// <summary>What can be done to installed jobs through their job manager.</summary>
public enum JobAction
{
    Start,
    Stop,
    Restart,
    Enable,
    Disable,
}

/// <summary>How <see cref="IPlatform.Write"/> behaves.</summary>
public sealed record WriteOptions
{
    /// <summary>Start (or restart, when their files changed) the jobs written; an error where that cannot be done now.</summary>
    public bool Start { get; init; }

    /// <summary>Replace jobs that exist but were not created by ServiceManagement.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// The installed jobs the caller has just read for these writes (a plan's inventory, covering every
    /// written name), so that staging does not read them again; absent, the backend reads what it needs.
    /// </summary>
    public IReadOnlyList<InstalledJob>? Installed { get; init; }

    /// <summary>
    /// Each write's own findings, in order, from the validation the caller has just made of these writes for
    /// this platform (a plan's), so that staging does not validate again; absent, staging validates.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Finding>>? Validated { get; init; }

    /// <summary>Keep user managers running without a login (systemd lingering) for user agents.</summary>
    public bool Linger { get; init; }

    /// <summary>
    /// The password of <c>runAs.account</c> when that is a user account (a Windows service signing in as a
    /// domain user); handed to the service control manager only, never written, shown or logged.
    /// </summary>
    public System.Security.SecureString? AccountPassword { get; init; }
}

/// <summary>What a write or a removal changed on disk, and what it could not do yet.</summary>
public sealed record ChangeResult(IReadOnlyList<string> ChangedFiles)
{
    /// <summary>Things the user should know: a job that starts only at the next login, and the like.</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();
}

/// <summary>One file a change writes (<see cref="After"/>) or deletes (<see cref="After"/> null), with what it held before.</summary>
public sealed record FileChange(string Path, string? Before, string? After)
{
    public IO.FileOwnership? Ownership { get; init; }

    /// <summary>The file holds secret values (see <see cref="NativeFile.Secret"/>): a plan names it but never shows its text.</summary>
    public bool Secret { get; init; }

    public bool IsChange => !string.Equals(Before, After, StringComparison.Ordinal);
}

/// <summary>What a change does to one job: the job as wanted (null when it is removed) and as found (null when new).</summary>
public sealed record StagedJob(BackgroundJobDefinition? Desired, InstalledJob? Existing, IReadOnlyList<FileChange> Files)
{
    /// <summary>What validating <see cref="Desired"/> for the platform found short of an error (warnings, notes); paths relative to the job.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = Array.Empty<Finding>();

    /// <summary>True when the job manager's enablement differs from the startup type wanted.</summary>
    public bool EnablementDiffers { get; init; }

    /// <summary>
    /// What desired state decided the job manager does to the job once its files are written (see
    /// <see cref="RunStates"/>); null where no run state was declared or expected: a write then starts only
    /// when asked (<see cref="WriteOptions.Start"/>).
    /// </summary>
    public RunChange? Run { get; init; }

    /// <summary>The job's status when the change was staged (desired state reads it); null for a new job or where it was not read.</summary>
    public Model.BackgroundJobStatus? Status { get; init; }

    /// <summary>
    /// True when the job as its manager runs it (its files and every override, such as a drop-in) differs from
    /// the job wanted — even where no file this change writes would make it so.
    /// </summary>
    public bool EffectiveDiffers { get; init; }

    /// <summary>
    /// True when the job's files may be as wanted while its manager still runs an earlier definition — an apply that
    /// was changing it was interrupted before the manager acted, or the manager says so (NeedDaemonReload) — so it
    /// is reloaded and restarted.
    /// </summary>
    public bool Unapplied { get; init; }

    /// <summary>True when making the change does anything for this job: it is new, or goes, or it, its enablement or its run state differs.</summary>
    public bool Changes => Existing is null || Desired is null || Files.Any(f => f.IsChange) || EffectiveDiffers || EnablementDiffers || Unapplied || Run is RunChange.Start or RunChange.Stop;

    /// <summary>True when one of the job's files is written or deleted.</summary>
    public bool FilesChange => Files.Any(f => f.IsChange);

    /// <summary>
    /// What a commit does to a staged job: what desired state decided (<see cref="Run"/>) or, for a
    /// write without it, stop what is now disabled, start what was asked to start (<see cref="WriteOptions.Start"/>:
    /// restart what changed) unless it is a login item, and otherwise nothing.
    /// </summary>
    public RunChange RunChangeFor(WriteOptions options)
    {
        if (Run is { } decided)
        {
            return decided;
        }

        if (Desired is not { Kind: not JobKind.LoginItem } desired)
        {
            return RunChange.None;
        }

        if (desired.StartupType == StartupType.Disabled)
        {
            return Existing is null ? RunChange.None : RunChange.Stop;
        }

        if (!(options ?? throw new ArgumentNullException(nameof(options))).Start)
        {
            return RunChange.None;
        }

        return Existing is not null && FilesChange ? RunChange.Restart : RunChange.Start;
    }
}

/// <summary>
/// A change worked out but not made: every file it writes or deletes, with the bytes each held before,
/// so that it can be shown (what-if), made (<see cref="IPlatform.Commit"/>) and undone (<see cref="IPlatform.Restore"/>).
/// </summary>
public class StagedChange
{
    public StagedChange(IReadOnlyList<StagedJob> jobs, WriteOptions options)
    {
        Jobs = jobs;
        Options = options;
    }

    public IReadOnlyList<StagedJob> Jobs { get; }

    public WriteOptions Options { get; }

    public IEnumerable<FileChange> Files => Jobs.SelectMany(j => j.Files);
}

/// <summary>One operating system's job managers behind one interface: inventory, status, writes and control.</summary>
public interface IPlatform
{
    TargetOperatingSystem OperatingSystem { get; }

    /// <summary>What this backend's translators know of a definition that the shared rules cannot.</summary>
    INativeRules Rules { get; }

    /// <summary>
    /// Keeps the connections to the job managers open until disposed, so that everything one operation does to
    /// a manager uses one connection; a backend that holds none has nothing to keep. A backend may start talking
    /// to a manager at once (systemd's listing of its units, read ahead for the operation's first question): an
    /// operation that changes the machine keeps its connections inside the apply lock, never around it.
    /// </summary>
    IDisposable KeepConnections();

    /// <summary>
    /// As <see cref="KeepConnections"/>, and what the managers answered of a job's status is remembered until
    /// they announce a change of it: a view refreshed at an interval asks again only for what changed, and for
    /// the figures (memory, CPU time, tasks), which change unannounced. A backend without such announcements
    /// keeps its connections only.
    /// </summary>
    IDisposable FollowStatus();

    /// <summary>Every job on the machine that matches, whoever created it.</summary>
    IReadOnlyList<InstalledJob> GetJobs(JobQuery query);

    /// <summary>
    /// What reading the jobs could not learn, said once however many jobs it concerns (macOS: a Background Task
    /// Management database that would not open, so no job shows whether Login Items lets it run); front ends
    /// show these as warnings after the jobs.
    /// </summary>
    IReadOnlyList<string> Notices { get; }

    /// <summary>Status of many jobs, gathered in as few calls to the job manager as possible.</summary>
    IReadOnlyList<BackgroundJobStatus> GetStatus(IReadOnlyList<InstalledJob> jobs);

    /// <summary>Only the state of each job — what a listing shows — from the cheapest call the job manager offers.</summary>
    IReadOnlyList<BackgroundJobStatus> GetStates(IReadOnlyList<InstalledJob> jobs);

    /// <summary>
    /// Each change of the jobs' states from <paramref name="from"/> (the states the caller last saw, in the jobs'
    /// order) as it happens, until <paramref name="cancellation"/>: from the manager's own events where it has
    /// them (systemd's signals), else from a reading every <paramref name="interval"/>. Listening starts when this
    /// returns, and a first reading then reports what changed since <paramref name="from"/>, so nothing between
    /// the caller's reading and the listening is lost.
    /// </summary>
    IEnumerable<BackgroundJobEvent> Watch(IReadOnlyList<InstalledJob> jobs, IReadOnlyList<JobState> from, TimeSpan interval, CancellationToken cancellation);

    /// <summary>What a job logged, from its job manager's log and its output files, and where it looked.</summary>
    JobLog GetLog(InstalledJob job, LogQuery query);

    /// <summary>How exposed a job is, by the job manager's own analyser where the OS has one.</summary>
    JobSecurity GetSecurity(InstalledJob job);

    /// <summary>The native files a definition becomes on this platform.</summary>
    IReadOnlyList<NativeFile> Render(BackgroundJobDefinition definition);

    /// <summary>
    /// Works out writing <paramref name="writes"/> (create or replace) and removing <paramref name="removals"/>
    /// without changing anything: validates every definition first and refuses jobs we did not create
    /// unless <see cref="WriteOptions.Force"/>.
    /// </summary>
    StagedChange Stage(IReadOnlyList<BackgroundJobDefinition> writes, IReadOnlyList<InstalledJob> removals, WriteOptions options);

    /// <summary>
    /// Works out undoing ServiceManagement's changes to jobs it did not create — deleting the drop-ins it
    /// wrote (systemd), so that each job is again as its vendor ships it; jobs without any are left alone.
    /// </summary>
    /// <exception cref="Errors.PlatformException">The platform changes such jobs in place and keeps nothing to undo.</exception>
    StagedChange StageRevert(IReadOnlyList<InstalledJob> jobs);

    /// <summary>Makes a staged change: stops what goes, writes and deletes files, one reload per manager, enablement, starts.</summary>
    ChangeResult Commit(StagedChange change);

    /// <summary>Puts every file of a staged change back as it was before, and reloads the managers concerned.</summary>
    void Restore(StagedChange change);

    /// <summary>A definition as this platform would read it back once written (the translator's round trip).</summary>
    BackgroundJobDefinition Normalize(BackgroundJobDefinition definition);

    /// <summary>
    /// True when an installed job is the one a definition declares: same name, kind and scope and, for
    /// user jobs, the same user (absent meaning whoever runs ServiceManagement).
    /// </summary>
    bool IsSameJob(BackgroundJobDefinition installed, BackgroundJobDefinition declared);

    /// <summary>Where the exclusive lock of desired-state applies lives.</summary>
    string LockPath { get; }

    void Control(IReadOnlyList<InstalledJob> jobs, JobAction action);
}

/// <summary>What <see cref="IPlatform.KeepConnections"/> returns for a backend that holds no connection between calls.</summary>
internal sealed class NoConnections : IDisposable
{
    public static NoConnections Instance { get; } = new();

    public void Dispose()
    {
    }
}
