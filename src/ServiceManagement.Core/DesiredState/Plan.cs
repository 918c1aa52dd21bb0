using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Validation;

namespace ServiceManagement.DesiredState;

public enum PlanAction
{
    NoChange,
    Create,
    Update,
    Remove,
}

/// <summary>What converging one job takes: the action, each property that differs, and the native files' diff.</summary>
public sealed record PlanItem(string Name, JobKind Kind, JobScope Scope, string? User, PlanAction Action)
{
    public IReadOnlyList<PropertyChange> Changes { get; init; } = Array.Empty<PropertyChange>();

    /// <summary>The unified diff of every native file the action writes or deletes; secrets masked.</summary>
    public string Diff { get; init; } = string.Empty;

    /// <summary>The files the action writes or deletes.</summary>
    public IReadOnlyList<string> Files { get; init; } = Array.Empty<string>();
}

/// <summary>
/// The difference between a declared set of jobs and the machine: one item per job declared (and per
/// managed job pruned), in declaration order. <see cref="Staged"/> is the change that carries it out.
/// </summary>
public sealed record Plan(IReadOnlyList<PlanItem> Items, StagedChange Staged)
{
    /// <summary>Things worth knowing that change nothing: a job to remove that is not ours, say.</summary>
    public IReadOnlyList<Finding> Notes { get; init; } = Array.Empty<Finding>();

    /// <summary>The installed jobs the plan was made against: those the entries name (every job, with prune).</summary>
    public IReadOnlyList<InstalledJob> Installed { get; init; } = Array.Empty<InstalledJob>();

    public bool IsEmpty => Items.All(i => i.Action == PlanAction.NoChange);

    public IEnumerable<PlanItem> Changes => Items.Where(i => i.Action != PlanAction.NoChange);
}

public sealed record PlanOptions
{
    /// <summary>Also remove managed jobs the configuration does not declare.</summary>
    public bool Prune { get; init; }

    /// <summary>Change jobs of the same name that ServiceManagement did not create (on systemd through a drop-in); never removes them.</summary>
    public bool Force { get; init; }
}

/// <summary>
/// Plan = diff(desired, actual). Only jobs carrying our marker are ever removed, and only when declared absent or
/// pruned; a job we did not create declared absent loses only our drop-in.
/// </summary>
public static class Planner
{
    public static Plan Create(IPlatform platform, IReadOnlyList<ConfigurationEntry> entries, PlanOptions options)
    {
        if (platform is null || entries is null || options is null)
        {
            throw new ArgumentNullException(platform is null ? nameof(platform) : entries is null ? nameof(entries) : nameof(options));
        }

        // Entries loaded for this system were validated then; validating them again would find the same.
        IReadOnlyList<IReadOnlyList<Finding>> each;
        if (entries.All(e => EntryValidation.Covers(e, platform.OperatingSystem)))
        {
            each = entries.Select(e => e.Validated!.Findings).ToList();
        }
        else
        {
            var findings = ConfigurationEntry.Validate(entries, platform.OperatingSystem, platform.Rules, out each);
            if (findings.Any(f => f.Severity == FindingSeverity.Error))
            {
                throw new InvalidDefinitionException(findings);
            }
        }

        // Reading the jobs and then their state is one operation on each manager: one connection, opened while the files are read.
        using var connections = platform.KeepConnections();

        // Without prune only the declared jobs matter; reading just those keeps a drift test cheap.
        var installed = platform.GetJobs(options.Prune ? JobQuery.All : JobQuery.Naming(entries.Select(e => e.Definition)));
        var notes = new List<Finding>();
        var writes = entries.Where(e => e.Ensure == Ensure.Present).Select(e => e.Definition).ToList();
        var removals = new List<InstalledJob>();
        var reverts = new List<InstalledJob>();
        foreach (var entry in entries.Where(e => e.Ensure == Ensure.Absent))
        {
            var job = installed.FirstOrDefault(j => platform.IsSameJob(j.Definition, entry.Definition));
            if (job is null)
            {
                continue;
            }

            // A configuration never removes a job ServiceManagement did not create, forced or not; declaring it
            // absent takes back only our own change to it (the drop-in). Remove-BackgroundJobDefinition -Force,
            // one job at a time, is the way to remove a vendor's job.
            if (job.Definition.Managed)
            {
                removals.Add(job);
            }
            else if (job.OurDropIn is not null)
            {
                reverts.Add(job);
            }
            else
            {
                notes.Add(new Finding(FindingSeverity.Warning, "NotManaged", entry.EntryPath, $"{job.Definition.Name} ({job.Files.FirstOrDefault()}) was not created by ServiceManagement; a configuration leaves it alone (Remove-BackgroundJobDefinition -Force or svcmgmt remove --force removes it)."));
            }
        }

        if (options.Prune)
        {
            removals.AddRange(installed.Where(j => j.Definition.Managed
                && !entries.Any(e => platform.IsSameJob(j.Definition, e.Definition))
                && !removals.Contains(j)));
        }

        var validated = entries.Select((entry, i) => (entry, i)).Where(x => x.entry.Ensure == Ensure.Present).Select(x => each[x.i]).ToList();
        var staged = platform.Stage(writes, removals, new WriteOptions { Force = options.Force, Installed = installed, Validated = validated });
        staged = WithRunStates(platform, staged, entries.Where(e => e.Ensure == Ensure.Present).ToList(), ApplyIntent.Unfinished(platform), notes);
        notes.AddRange(staged.Jobs.Where(j => j.Desired is null).SelectMany(j => j.Existing!.Files.Except(j.Files.Select(f => f.Path)).Where(File.Exists)
            .Select(kept => new Finding(FindingSeverity.Info, "NotOursKept", j.Existing!.Definition.Name, $"{kept} was not written by ServiceManagement; removing {j.Existing!.Definition.Name} leaves it."))));
        notes.AddRange(staged.Jobs.Where(j => j.EffectiveDiffers && !j.FilesChange).Select(j => new Finding(FindingSeverity.Warning, "DriftNotCorrected", j.Desired!.Name,
            $"{j.Desired!.Name} runs otherwise than declared because of files apply does not change ({string.Join(", ", j.Existing!.Files.Skip(1))}): a drop-in for many units or a vendor's; change or remove it by hand.")));
        if (reverts.Count > 0)
        {
            staged = new StagedChange(staged.Jobs.Concat(platform.StageRevert(reverts).Jobs).ToList(), staged.Options);
        }

        var plan = Describe(platform, staged);
        return plan with { Notes = notes.Concat(plan.Notes).ToList(), Installed = installed };
    }

    /// <summary>
    /// The staged writes with what the manager must do to run each as declared (<see cref="RunStates"/>), from
    /// the states the managers report now: one cheap listing per manager, read for the jobs that exist.
    /// </summary>
    private static StagedChange WithRunStates(IPlatform platform, StagedChange staged, IReadOnlyList<ConfigurationEntry> present, IReadOnlyList<BackgroundJobDefinition> unfinished, List<Finding> notes)
    {
        var written = staged.Jobs.Take(present.Count).ToList();
        var existing = Enumerable.Range(0, written.Count).Where(i => written[i].Existing is not null).ToList();
        // The full status: besides the state, whether the manager runs a definition older than the files.
        var states = existing.Count == 0 ? Array.Empty<BackgroundJobStatus>() : platform.GetStatus(existing.Select(i => written[i].Existing!).ToList());
        var statuses = new BackgroundJobStatus?[written.Count];
        for (var k = 0; k < existing.Count; k++)
        {
            statuses[existing[k]] = states[k];
        }

        var jobs = written.Select((job, i) =>
        {
            var wanted = RunStates.Expected(job.Desired!, present[i].State);
            if (wanted == RunState.Running && statuses[i] is { ManagerDown: true })
            {
                notes.Add(new Finding(FindingSeverity.Warning, "ManagerNotRunning", present[i].EntryPath,
                    $"{job.Desired!.Name} is declared running, and its manager is not running ({statuses[i]!.NativeState}): it starts when that manager does (its files and enablement are as declared)."));
            }

            // A job an interrupted apply was changing, or one its manager runs from an older definition, may run
            // other than its files say: as if its files changed, it is reloaded and restarted.
            var interrupted = job.Existing is not null && unfinished.Any(u => platform.IsSameJob(u, job.Desired!));
            if (interrupted)
            {
                notes.Add(new Finding(FindingSeverity.Warning, "ApplyInterrupted", present[i].EntryPath,
                    $"An earlier apply that was changing {job.Desired!.Name} did not finish: apply reloads its manager and restarts it."));
            }

            var unapplied = interrupted || statuses[i]?.DefinitionChanged == true;
            return job with { Status = statuses[i], Unapplied = unapplied, Run = RunStates.Change(wanted, statuses[i], job.FilesChange || unapplied, RunStates.IsTriggered(job.Desired!)) };
        });
        return new StagedChange(jobs.Concat(staged.Jobs.Skip(present.Count)).ToList(), staged.Options);
    }

    /// <summary>
    /// Any staged change as a plan: what each job gains, loses and changes, with the native files' diff, and
    /// as notes what the platform only approximates or ignores of each job it writes (never silently).
    /// </summary>
    public static Plan Describe(IPlatform platform, StagedChange staged)
    {
        var jobs = (staged ?? throw new ArgumentNullException(nameof(staged))).Jobs;
        var warnings = jobs.Where(j => j.Desired is not null && j.Changes)
            .SelectMany(j => j.Findings
                .Where(f => f.Severity == FindingSeverity.Warning)
                .Select(f => f with { Path = DefinitionValidator.Prefix(j.Desired!.Name, f.Path) }))
            .ToList();
        return new Plan(jobs.Select(job => Item(platform, job)).ToList(), staged) { Notes = warnings };
    }

    private static PlanItem Item(IPlatform platform, StagedJob job)
    {
        var identity = job.Desired ?? job.Existing!.Definition;
        var secrets = PropertyDiff.Secrets(job.Desired, job.Existing?.Complete);
        var action = job.Desired is null ? PlanAction.Remove : job.Existing is null ? PlanAction.Create : job.Changes ? PlanAction.Update : PlanAction.NoChange;
        IReadOnlyList<PropertyChange> changes = action switch
        {
            PlanAction.Create => PropertyDiff.Describe(platform.Normalize(job.Desired!)),
            PlanAction.Update => PropertyDiff.Compare(platform.Normalize(job.Desired!), PlatformExtensions.Comparable(job.Existing!.Complete))
                .Concat(job.EnablementDiffers ? new[] { new PropertyChange("startupType", Startup(job.Desired!), job.Existing.Enabled == true ? "automatic (enabled)" : "not enabled") } : Array.Empty<PropertyChange>())
                .Concat(job.Run is RunChange.Start or RunChange.Stop ? new[] { RunStateChange(job) } : Array.Empty<PropertyChange>())
                .Concat(job.Unapplied ? new[] { new PropertyChange("applied", "yes", job.Status?.DefinitionChanged == true ? "no (the manager runs an older definition)" : "interrupted before its manager acted") } : Array.Empty<PropertyChange>())
                .ToList(),
            _ => Array.Empty<PropertyChange>(),
        };
        var files = job.Files.Where(f => f.IsChange).ToList();
        return new PlanItem(identity.Name, identity.Kind, identity.Scope, identity.User, action)
        {
            Changes = changes.Select(c => c with { Desired = Redact(c.Desired, secrets), Actual = Redact(c.Actual, secrets) }).ToList(),
            Diff = PropertyDiff.Redact(string.Concat(files.Select(f => f.Secret ? SecretFileChange(f) : TextDiff.Unified(f.Path, f.Before, f.After))), secrets),
            Files = files.Select(f => f.Path).ToList(),
        };
    }

    /// <summary>A secrets file in a diff: which file changes, never what it holds.</summary>
    private static string SecretFileChange(FileChange file) =>
        $"--- {(file.Before is null ? "/dev/null" : file.Path)}\n+++ {(file.After is null ? "/dev/null" : file.Path)}\n@@ secret values, not shown @@\n";

    /// <summary>The run state a start or stop changes: <c>state: stopped -> running</c>.</summary>
    private static PropertyChange RunStateChange(StagedJob job)
    {
        var wanted = job.Run == RunChange.Start ? RunState.Running : RunState.Stopped;
        var actual = wanted == RunState.Running ? RunState.Stopped : RunState.Running;
        return new PropertyChange("state", RunStates.Name(wanted, null), RunStates.Name(actual, job.Status));
    }

    private static string Startup(BackgroundJobDefinition definition) => EnumNames.YamlName((definition.StartupType ?? StartupType.Automatic).ToString());

    private static string? Redact(string? text, IReadOnlyList<string> secrets) => text is null ? null : PropertyDiff.Redact(text, secrets);
}
