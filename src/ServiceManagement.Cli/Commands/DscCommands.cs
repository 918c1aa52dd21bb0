using System.CommandLine;
using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;

namespace ServiceManagement.Cli.Commands;

/// <summary>
/// <c>svcmgmt dsc get|set|test|export|delete</c>: the DSC v3 command-resource protocol for
/// <c>ServiceManagement/BackgroundJob</c>, as DSC 3.2 reads it. The instance comes as JSON through
/// <c>--input</c> or standard input; log lines on standard error are JSON objects such as <c>{"info":"…"}</c>.
/// Standard output: get, one state object; test and set, the state then the JSON array of differing
/// property names (<c>stateAndDiff</c>); set --what-if (DSC's <c>whatIfArg</c>), the state the job would have,
/// with <c>_metadata.whatIf</c> saying what would change, then the array; delete, nothing, and with
/// --what-if only <c>{"_metadata":{"whatIf":[…]}}</c>; export, JSON Lines with <c>_name</c> and, for system
/// jobs, <c>_securityContext: elevated</c>. No output carries a secret's value.
/// </summary>
internal static class DscCommands
{
    public static Command Create()
    {
        var dsc = new Command("dsc", "The DSC v3 resource ServiceManagement/BackgroundJob (used by dsc through ServiceManagement.BackgroundJob.dsc.resource.json).");
        dsc.Add(Operation("get", "Print the actual state of the instance.", Get, identityOnly: true));
        dsc.Add(Operation("test", "Print the actual state with _inDesiredState, then the properties that differ.", Test));
        dsc.Add(Operation("set", "Bring the instance to the desired state (_exist: false removes it); print the new state, then the properties changed.", Set, changes: true));
        dsc.Add(Operation("delete", "Remove the instance (--what-if: say what would go, change nothing).", Delete, changes: true, identityOnly: true));
        var exportRoot = Options.Root();
        var export = new Command("export", "Print every job on this machine as JSON Lines.") { exportRoot };
        export.SetAction(parse => Guarded(parse, () => Export(parse, PlatformFactory.Create(root: parse.GetValue(exportRoot)))));
        dsc.Add(export);
        return dsc;
    }

    /// <summary>
    /// An operation on one instance; get and delete need only its identity (name, kind, scope, user), the others a
    /// valid job. One that <paramref name="changes"/> the machine offers --what-if.
    /// </summary>
    private static Command Operation(string name, string description, Func<ParseResult, IPlatform, ConfigurationEntry, bool, int> action, bool changes = false, bool identityOnly = false)
    {
        var input = new Option<string?>("--input") { Description = "The instance as JSON; read from standard input when absent." };
        var whatIfOption = new Option<bool>("--what-if") { Description = "Say what would change and change nothing." };
        var root = Options.Root();
        var command = new Command(name, description) { input, root };
        if (changes)
        {
            command.Add(whatIfOption);
        }

        command.SetAction(parse => Guarded(parse, () =>
        {
            // The platform first: the managers answer its connections while the instance is read and checked. Not for
            // a change: that reads its manager under the apply lock, and what is read ahead of the lock could miss
            // what the apply holding it changed.
            var platform = PlatformFactory.Create(root: parse.GetValue(root));
            using var connections = changes ? null : platform.KeepConnections();
            var json = parse.GetValue(input) ?? Console.In.ReadToEnd();
            var result = JsonForm.Read(json, "--input");
            var findings = result.Document is { Entries.Count: 1 } read && !identityOnly
                ? result.Findings.Concat(DefinitionValidator.Validate(read.Entries[0].Definition)).ToList()
                : result.Findings;
            if (result.Document is not { Entries.Count: 1 } document || findings.Any(f => f.Severity == FindingSeverity.Error))
            {
                throw new InvalidDefinitionException(findings);
            }

            return action(parse, platform, document.Entries[0], changes && parse.GetValue(whatIfOption));
        }));
        return command;
    }

    private static int Get(ParseResult parse, IPlatform platform, ConfigurationEntry entry, bool whatIf)
    {
        parse.InvocationConfiguration.Output.WriteLine(State(platform, entry.Definition));
        return ExitCodes.Success;
    }

    private static int Test(ParseResult parse, IPlatform platform, ConfigurationEntry entry, bool whatIf)
    {
        var plan = Planner.Create(platform, new[] { entry }, new PlanOptions());
        var differing = DscSemantics.Differing(plan);
        var output = parse.InvocationConfiguration.Output;
        var installed = plan.Installed.FirstOrDefault(j => platform.IsSameJob(j.Definition, entry.Definition));
        // The plan read the job's status to compare its run state: the answer reuses it.
        var status = plan.Staged.Jobs.FirstOrDefault(j => installed is not null && ReferenceEquals(j.Existing, installed))?.Status;
        output.WriteLine(State(platform, installed, entry.Definition, status, ("_inDesiredState", plan.IsEmpty ? "true" : "false")));
        output.WriteLine("[" + string.Join(",", differing.Select(JsonForm.String)) + "]");
        return ExitCodes.Success;
    }

    private static int Set(ParseResult parse, IPlatform platform, ConfigurationEntry entry, bool whatIf)
    {
        var result = Applier.Apply(platform, new[] { entry }, new ApplyOptions { WhatIf = whatIf, Purpose = "svcmgmt dsc set " + entry.Definition.Name });
        if (result.Error is { } error)
        {
            Log(parse, "error", error.Message);
            foreach (var restored in result.RolledBack)
            {
                Log(parse, "warn", "rolled back " + restored);
            }

            return ExitCodes.For(error);
        }

        var output = parse.InvocationConfiguration.Output;
        var differing = DscSemantics.Differing(result.Plan);
        if (whatIf)
        {
            var exist = entry.Ensure == Ensure.Present ? "true" : "false";
            var wouldBe = new ConfigurationEntry(entry.Definition.WithoutSecretValues());
            output.WriteLine(JsonForm.Write(wouldBe, new[] { ("_exist", exist) }.Concat(WhatIf(result.Plan)).ToArray()));
        }
        else
        {
            foreach (var note in result.Notes)
            {
                Log(parse, "info", note);
            }

            output.WriteLine(State(platform, entry.Definition));
        }

        output.WriteLine("[" + string.Join(",", differing.Select(JsonForm.String)) + "]");
        return ExitCodes.Success;
    }

    private static int Delete(ParseResult parse, IPlatform platform, ConfigurationEntry entry, bool whatIf)
    {
        if (platform.Installed(entry.Definition) is not { } job)
        {
            Log(parse, "info", $"{entry.Definition.Name} does not exist; nothing to delete.");
            if (whatIf)
            {
                parse.InvocationConfiguration.Output.WriteLine("{}");
            }

            return ExitCodes.Success;
        }

        if (whatIf)
        {
            var plan = Planner.Describe(platform, platform.StageRemove(new[] { job }, force: false));
            parse.InvocationConfiguration.Output.WriteLine("{" + string.Join(",", WhatIf(plan).Select(m => JsonForm.String(m.Key) + ":" + m.Json)) + "}");
            return ExitCodes.Success;
        }

        using var held = ApplyLock.Acquire(platform.LockPath, TimeSpan.FromSeconds(30), "svcmgmt dsc delete " + entry.Definition.Name);
        platform.Remove(new[] { job }, force: false);
        return ExitCodes.Success;
    }

    /// <summary>DSC's <c>_metadata</c> member with what a plan would change; none when it changes nothing.</summary>
    private static IEnumerable<(string Key, string Json)> WhatIf(Plan plan)
    {
        var messages = DscSemantics.WhatIfMessages(plan).Select(JsonForm.String).ToList();
        return messages.Count == 0 ? Array.Empty<(string, string)>() : new[] { ("_metadata", "{\"whatIf\":[" + string.Join(",", messages) + "]}") };
    }

    private static int Export(ParseResult parse, IPlatform platform)
    {
        var export = Exporter.Export(platform, JobQuery.All);
        Log(parse, "info", export.Summary);

        foreach (var instance in DscSemantics.ExportInstances(export.Entries))
        {
            var members = new List<(string, string)> { ("_exist", "true"), ("_name", JsonForm.String(instance.Name)) };
            if (instance.SecurityContext is { } context)
            {
                members.Add(("_securityContext", JsonForm.String(context)));
            }

            parse.InvocationConfiguration.Output.WriteLine(JsonForm.Write(instance.Entry, members.ToArray()));
        }

        return ExitCodes.Success;
    }

    /// <summary>The actual state of the job an instance names: every property as read, its run state, and _exist.</summary>
    private static string State(IPlatform platform, BackgroundJobDefinition wanted) => State(platform, platform.Installed(wanted), wanted, null);

    /// <param name="status">The job's status when already read; else it is read.</param>
    private static string State(IPlatform platform, InstalledJob? job, BackgroundJobDefinition wanted, BackgroundJobStatus? status, params (string Key, string Json)[] members)
    {
        var found = job?.Definition ?? new BackgroundJobDefinition(wanted.Name, wanted.Kind, wanted.Scope) { User = wanted.User };
        var running = job is null ? null : status is not null ? job.RunStateOf(status) : platform.StatusOf(new[] { job })[0].RunState;
        return JsonForm.Write(new ConfigurationEntry(found) { State = running }, new[] { ("_exist", job is null ? "false" : "true") }.Concat(members).ToArray());
    }

    private static void Log(ParseResult parse, string level, string message) =>
        parse.InvocationConfiguration.Error.WriteLine("{" + JsonForm.String(level) + ":" + JsonForm.String(message) + "}");

    /// <summary>Errors become one JSON log line and the exit code DSC's manifest documents.</summary>
    private static int Guarded(ParseResult parse, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (InvalidDefinitionException ex)
        {
            foreach (var finding in ex.Findings.Where(f => f.Severity == FindingSeverity.Error))
            {
                Log(parse, "error", finding.ToString());
            }

            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is ServiceManagementException or IOException or UnauthorizedAccessException)
        {
            Log(parse, "error", ex.Message);
            return ExitCodes.For(ex);
        }
    }
}
