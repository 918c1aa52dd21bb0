using System.CommandLine;
using System.Globalization;
using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Requests;

namespace ServiceManagement.Cli.Commands;

/// <summary>The commands that look at and change jobs on this machine: list, status, new, remove, start, stop, restart, enable, disable.</summary>
internal static class JobCommands
{
    internal static Command List()
    {
        var filter = new Options.JobFilter(listing: true);
        var json = Options.Json();
        var source = new Options.Source();
        var command = new Command("list", "List every background job on this machine (or under --root): kind, scope, state, and whether ServiceManagement manages it.") { json };
        filter.AddTo(command);
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var platform = source.Platform(parse);
            var jobs = platform.GetJobs(filter.Query(parse));
            var statuses = !source.IsTree(parse) ? platform.GetStates(jobs) : jobs.Select(j => new BackgroundJobStatus(j.Definition.Name, JobState.Unknown)).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(CliJson.Serialize(jobs.Select((j, i) => new JobJson(
                    j.Definition.Name, j.Definition.Kind, j.Definition.Scope, j.Definition.User, statuses[i].State, j.Definition.StartupType, j.Definition.Managed,
                    j.Masked, j.Definition.Platform, j.Executable, j.Definition.SourcePath, j.Findings.Select(FindingJson.Of), j.BackgroundTask))));
            }
            else
            {
                // macOS: what Login Items says of each job, where its database was read.
                var loginItems = jobs.Any(j => j.BackgroundTask is not null);
                var headers = new[] { "NAME", "KIND", "SCOPE", "STATE", "STARTUP", "MANAGED" }.Concat(loginItems ? new[] { "LOGIN ITEMS" } : Array.Empty<string>()).Append("SOURCE").ToList();
                Output.WriteTable(output, headers, jobs.Select((j, i) => new[]
                {
                    j.Definition.Name,
                    Output.Word(j.Definition.Kind),
                    j.Definition.User is null ? Output.Word(j.Definition.Scope) : "user:" + j.Definition.User,
                    Output.Word(statuses[i].State),
                    j.Definition.StartupType is { } startup ? Output.Word(startup) : "static",
                    j.Definition.Managed ? "yes" : "no",
                }.Concat(loginItems ? new[] { j.BackgroundTask is { } item ? LoginItems(item) : "-" } : Array.Empty<string>()).Append(j.Definition.SourcePath ?? string.Empty).ToList()));
            }

            Output.WriteNotices(parse.InvocationConfiguration.Error, platform);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Command Status()
    {
        var names = Options.OptionalNames();
        var filter = new Options.JobFilter(listing: false);
        var managed = new Option<bool>("--managed") { Description = "Only jobs ServiceManagement created." };
        var running = new Option<bool>("--running") { Description = "Only jobs that are running." };
        var sort = new Option<string>("--sort") { Description = "Order by name, or by memory or cpu, largest first.", DefaultValueFactory = _ => "name" };
        sort.AcceptOnlyFromAmong("name", "memory", "cpu");
        var json = Options.Json();
        var command = new Command("status", "Show what jobs are doing now: state, process, memory, CPU time, tasks, restarts, last exit, start time, last and next run.") { names, managed, running, sort, json };
        filter.AddTo(command);
        command.SetAction(parse =>
        {
            var platform = PlatformFactory.Create();
            var given = parse.GetValue(names) is { Length: > 0 } list ? list : null;
            var query = (filter.Query(parse, given) with { ManagedOnly = parse.GetValue(managed) }).ForStatus();
            var order = (HealthOrder)Enum.Parse(typeof(HealthOrder), parse.GetValue(sort)!, ignoreCase: true);
            IReadOnlyList<BackgroundJobStatus> statuses;
            using (platform.KeepConnections())
            {
                statuses = platform.Health(platform.Find(query), parse.GetValue(running), order);
            }
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(StatusJson.Write(statuses));
            }
            else
            {
                Output.WriteTable(output, new[] { "NAME", "KIND", "SCOPE", "STATE", "PID", "MEMORY", "CPU", "TASKS", "RESTARTS", "LAST EXIT", "STARTED", "LAST RUN", "NEXT RUN" }, statuses.Select(s => new[]
                {
                    s.Name,
                    s.Kind is { } kind ? Output.Word(kind) : "-",
                    s.User is null ? (s.Scope is { } scope ? Output.Word(scope) : "-") : "user:" + s.User,
                    s.Reason is null ? Output.Word(s.State) : $"{Output.Word(s.State)} ({s.Reason})",
                    s.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    s.MemoryBytes is { } memory ? (memory / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB" : "-",
                    s.CpuTime is { } cpu ? cpu.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "-",
                    s.TaskCount?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    s.RestartCount?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    s.ExitReason ?? "-",
                    s.StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                    s.LastRunAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                    s.NextRunAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                }));
            }

            Output.WriteNotices(parse.InvocationConfiguration.Error, platform);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Command New() => Write("new", "Create the jobs a configuration file defines; a job that already exists is an error (use set).", mustExist: false);

    internal static Command Set() => Write("set", "Replace existing jobs with what a configuration file defines; a job that does not exist is an error (use new).", mustExist: true);

    private static Command Write(string verb, string description, bool mustExist)
    {
        var file = new Argument<string>("FILE") { Description = "A configuration file." };
        var start = new Option<bool>("--start") { Description = "Start the jobs (restart those whose files changed)." };
        var force = new Option<bool>("--force") { Description = mustExist
            ? "Also replace jobs ServiceManagement did not create."
            : "Replace a job that exists already, even one ServiceManagement did not create, instead of failing." };
        var linger = new Option<bool>("--linger") { Description = "Let user agents run without their user logged in (systemd lingering)." };
        var json = Options.Json();
        var command = new Command(verb, description) { file, start, force, linger, json };
        command.SetAction(parse =>
        {
            var platform = PlatformFactory.Create();
            var document = ConfigurationLoader.Load(parse.GetValue(file)!, platform.OperatingSystem, platform.Rules);
            var absent = document.Entries.FirstOrDefault(e => e.Ensure == Ensure.Absent);
            if (absent is not null)
            {
                throw new UnsupportedFormatException($"{absent.Definition.Name} has ensure: absent; '{verb}' only writes jobs (use remove, or apply).");
            }

            var options = new WriteOptions { Start = parse.GetValue(start), Force = parse.GetValue(force), Linger = parse.GetValue(linger) };
            var definitions = document.Definitions.ToList();
            var result = platform.Commit(platform.StageWrite(definitions, mustExist ? WriteMode.Replace : WriteMode.Create, options));
            return Report(parse, result);
        });
        return command;
    }

    internal static Command Show()
    {
        var names = Names();
        var filter = new Options.JobFilter(listing: false);
        var json = Options.Json();
        var source = new Options.Source();
        var command = new Command("show", "Show jobs' definitions as configuration YAML, with where they were found and what is wrong with them.") { names, json };
        filter.AddTo(command);
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var platform = source.Platform(parse);
            var jobs = platform.Resolve(filter.Query(parse, parse.GetValue(names)), oneJobPerName: false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine("[" + string.Join(",\n", jobs.Select(j => JsonForm.Write(new ConfigurationEntry(j.Definition),
                    ("sourcePath", j.Definition.SourcePath is null ? "null" : JsonForm.String(j.Definition.SourcePath)),
                    ("managed", j.Definition.Managed ? "true" : "false"),
                    ("files", "[" + string.Join(",", j.Files.Select(JsonForm.String)) + "]"),
                    ("findings", "[" + string.Join(",", j.Findings.Select(f => JsonForm.String(f.ToString()))) + "]"),
                    ("backgroundTask", j.BackgroundTask is { } item ? CliJson.SerializeLine(item) : "null")))) + "]");
                Output.WriteNotices(parse.InvocationConfiguration.Error, platform);
                return ExitCodes.Success;
            }

            foreach (var job in jobs)
            {
                output.WriteLine($"# {job.Definition.SourcePath} ({(job.Definition.Managed ? "managed by ServiceManagement" : "not managed")}{(job.Masked ? ", masked" : string.Empty)})");
                foreach (var file in job.Files.Skip(1))
                {
                    output.WriteLine("#   also " + file);
                }

                if (job.BackgroundTask is { } task)
                {
                    output.WriteLine($"# Login Items: {LoginItems(task)} ({task.DispositionText ?? "no disposition"}; {task.Type} {task.Identifier}{(task.Team is { } team ? ", team " + team : string.Empty)}{(task.Parent is { } parent ? ", of " + parent : string.Empty)})");
                }

                foreach (var finding in job.Findings)
                {
                    output.WriteLine("# " + finding);
                }

                output.Write(ConfigurationWriter.Save(new[] { new ConfigurationEntry(job.Definition) }));
            }

            Output.WriteNotices(parse.InvocationConfiguration.Error, platform);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Login Items' verdict on a job and who it is under there: <c>disallowed (Docker)</c>.</summary>
    private static string LoginItems(BackgroundTaskItem item) =>
        item.Developer is { } developer ? $"{item.Verdict} ({developer})" : item.Verdict;

    internal static Command Remove()
    {
        var names = Names();
        var filter = new Options.JobFilter(listing: false);
        var force = new Option<bool>("--force") { Description = "Also remove jobs ServiceManagement did not create." };
        var json = Options.Json();
        var command = new Command("remove", "Stop, disable and delete jobs.") { names, force, json };
        filter.AddTo(command);
        command.SetAction(parse =>
        {
            var platform = PlatformFactory.Create();
            return Report(parse, platform.Remove(platform.Resolve(filter.Query(parse, parse.GetValue(names))), parse.GetValue(force)));
        });
        return command;
    }

    internal static Command Reset()
    {
        var names = Names();
        var filter = new Options.JobFilter(listing: false);
        var json = Options.Json();
        var command = new Command("reset", "Undo ServiceManagement's changes to jobs it did not create (delete its systemd drop-in).") { names, json };
        filter.AddTo(command);
        command.SetAction(parse =>
        {
            var platform = PlatformFactory.Create();
            return Report(parse, platform.Commit(platform.StageRevert(platform.Resolve(filter.Query(parse, parse.GetValue(names))))));
        });
        return command;
    }

    internal static Command Control(JobAction action)
    {
        var names = Names();
        var filter = new Options.JobFilter(listing: false);
        var verb = action.ToString().ToLowerInvariant();
        var command = new Command(verb, $"{action} jobs through their job manager.") { names };
        filter.AddTo(command);
        command.SetAction(parse =>
        {
            var platform = PlatformFactory.Create();
            platform.Control(platform.Resolve(filter.Query(parse, parse.GetValue(names))), action);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string[]> Names() =>
        new("NAME") { Description = "Job names; wildcards * ? [] match several.", Arity = ArgumentArity.OneOrMore };

    private static int Report(ParseResult parse, ChangeResult result)
    {
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue<bool>("--json"))
        {
            output.WriteLine(CliJson.Serialize(new ChangeJson(result.ChangedFiles, result.Notes)));
        }
        else
        {
            foreach (var path in result.ChangedFiles)
            {
                output.WriteLine("changed " + path);
            }

            foreach (var note in result.Notes)
            {
                parse.InvocationConfiguration.Error.WriteLine("note: " + note);
            }
        }

        return ExitCodes.Success;
    }
}
