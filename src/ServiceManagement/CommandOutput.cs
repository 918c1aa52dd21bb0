using ServiceManagement.Validation;
using ServiceManagement.DesiredState;
using ServiceManagement.Errors;
using ServiceManagement.Requests;

namespace ServiceManagement.PowerShell;

/// <summary>What the cmdlets share when they write: confirmation with the rendered change, notes, pass-through, missing names.</summary>
internal static class CommandOutput
{
    /// <summary>
    /// Asks ShouldProcess with the change as a plan (property changes and the native files' unified diff), so
    /// that -WhatIf and -Confirm show exactly what would be written. A change that changes nothing needs no consent.
    /// </summary>
    internal static bool ShouldChange(PSCmdlet cmdlet, IPlatform platform, StagedChange staged, string action)
    {
        var plan = Planner.Describe(platform, staged);
        foreach (var note in plan.Notes)
        {
            cmdlet.WriteWarning($"{note.Path}: {note.Message}");
        }

        if (!plan.Changes.Any())
        {
            cmdlet.WriteVerbose(string.Join(", ", plan.Items.Select(i => i.Name)) + ": nothing to change.");
            return true;
        }

        var names = string.Join(", ", plan.Changes.Select(i => i.Name));
        return cmdlet.ShouldProcess(PlanText.Changes(plan).TrimEnd('\n'), $"{action} {names}?", action);
    }

    internal static void Report(PSCmdlet cmdlet, ChangeResult result)
    {
        foreach (var path in result.ChangedFiles)
        {
            cmdlet.WriteVerbose("Changed " + path);
        }

        foreach (var note in result.Notes)
        {
            cmdlet.WriteWarning(note);
        }
    }

    /// <summary>With -PassThru, the job as the machine now has it.</summary>
    internal static void PassThru(PSCmdlet cmdlet, bool passThru, IPlatform platform, BackgroundJobDefinition written)
    {
        if (passThru)
        {
            cmdlet.WriteObject(platform.Installed(written)?.Definition ?? written);
        }
    }

    /// <summary>
    /// The jobs <paramref name="query"/> selects (one job per name where <paramref name="oneJobPerName"/>); a name
    /// without wildcards that matches no job (ObjectNotFound) or, where one job is meant, several (InvalidArgument)
    /// is an error written for that name, and the pipeline goes on.
    /// </summary>
    internal static IReadOnlyList<InstalledJob> Select(PSCmdlet cmdlet, IPlatform platform, JobQuery query, bool oneJobPerName = false)
    {
        var selection = cmdlet.Require(query.Names, () => JobSelection.Select(platform, query, oneJobPerName));
        Unselected(cmdlet, selection);
        return selection.Jobs;
    }

    private static void Unselected(PSCmdlet cmdlet, JobSelection selection)
    {
        foreach (var name in selection.Missing)
        {
            cmdlet.WriteError(ErrorMapper.ToRecord(cmdlet, new JobNotFoundException(name), name));
        }

        foreach (var ambiguous in selection.Ambiguous)
        {
            cmdlet.WriteError(ErrorMapper.ToRecord(cmdlet, ambiguous, ambiguous.Name));
        }
    }

    /// <summary>
    /// A job's definition as a cmdlet writes it: on macOS with its Login Items item (BackgroundTask) — who signed
    /// it, for which application, whether it may run — which is the machine's verdict on the job, not part of
    /// what a definition declares.
    /// </summary>
    internal static PSObject Definition(InstalledJob job)
    {
        var output = PSObject.AsPSObject(job.Definition);
        if (job.BackgroundTask is { } item)
        {
            output.Properties.Add(new PSNoteProperty("BackgroundTask", item));
        }

        return output;
    }

    /// <summary>Findings about an installed job: problems (a malformed file, an unsafe mode) as warnings, information (a masked unit) as verbose text.</summary>
    internal static void Findings(PSCmdlet cmdlet, InstalledJob job)
    {
        foreach (var finding in job.Findings)
        {
            if (finding.Severity == FindingSeverity.Info)
            {
                cmdlet.WriteVerbose($"{job.Definition.Name}: {finding}");
            }
            else
            {
                cmdlet.WriteWarning($"{job.Definition.Name}: {finding}");
            }
        }
    }
}
