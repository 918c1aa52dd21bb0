using System.CommandLine;
using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;

namespace ServiceManagement.Cli.Commands;

/// <summary>plan, apply and export: the desired-state verbs over a configuration file.</summary>
internal static class DesiredStateCommands
{
    internal static Command PlanCommand()
    {
        var file = new Argument<string>("FILE") { Description = "The configuration file." };
        var prune = new Option<bool>("--prune") { Description = "Also plan removing managed jobs the file does not declare." };
        var json = Options.Json();
        var root = Options.Root();
        var command = new Command("plan", "Show what apply would change, with each differing property and the native files' diff. Exit 0 when nothing would change, 1 when something would.") { file, prune, json, root };
        command.SetAction(parse =>
        {
            var platform = PlatformFactory.Create(root: parse.GetValue(root));
            var document = ConfigurationLoader.Load(parse.GetValue(file)!, platform.OperatingSystem, platform.Rules);
            var plan = Planner.Create(platform, document.Entries, new PlanOptions { Prune = parse.GetValue(prune) });
            WritePlan(parse, plan, parse.GetValue(json));
            return plan.IsEmpty ? ExitCodes.Success : ExitCodes.DriftFound;
        });
        return command;
    }

    internal static Command ApplyCommand()
    {
        var file = new Argument<string>("FILE") { Description = "The configuration file." };
        var prune = new Option<bool>("--prune") { Description = "Also remove managed jobs the file does not declare." };
        var whatIf = new Option<bool>("--what-if") { Description = "Show the plan and change nothing." };
        var force = new Option<bool>("--force") { Description = "Take over jobs of the same name that ServiceManagement did not create." };
        var timeout = new Option<int>("--lock-timeout") { Description = "Seconds to wait for another apply to finish (default 30).", DefaultValueFactory = _ => 30 };
        var json = Options.Json();
        var root = Options.Root();
        var command = new Command("apply", "Converge this machine to the file: create, update and (with --prune or ensure: absent) remove jobs; roll back on failure.") { file, prune, whatIf, force, timeout, json, root };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var platform = PlatformFactory.Create(root: parse.GetValue(root));
            var document = ConfigurationLoader.Load(path, platform.OperatingSystem, platform.Rules);
            var error = parse.InvocationConfiguration.Error;
            if (!Console.IsErrorRedirected)
            {
                error.WriteLine($"applying {document.Entries.Count} job(s) from {path}…");
            }

            var result = Applier.Apply(platform, document.Entries, new ApplyOptions
            {
                Prune = parse.GetValue(prune),
                WhatIf = parse.GetValue(whatIf),
                Force = parse.GetValue(force),
                LockTimeout = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(timeout))),
                Purpose = "svcmgmt apply " + path,
            });
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(CliJson.Serialize(new ApplyJson(PlanJson.Of(result.Plan), parse.GetValue(whatIf), result.ChangedFiles, result.RolledBack, result.Notes, result.Error?.Message)));
            }
            else
            {
                WritePlan(parse, result.Plan, json: false);
                foreach (var changed in result.ChangedFiles)
                {
                    output.WriteLine("changed " + changed);
                }

                foreach (var note in result.Notes)
                {
                    error.WriteLine("note: " + note);
                }
            }

            if (result.Error is { } failure)
            {
                error.WriteLine("svcmgmt: " + failure.Message);
                foreach (var restored in result.RolledBack)
                {
                    error.WriteLine("rolled back " + restored);
                }

                return ExitCodes.For(failure);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static Command ExportCommand()
    {
        var filter = new Options.JobFilter(listing: true);
        var dsc = new Option<bool>("--dsc") { Description = "Write a DSC v3 configuration document instead of a jobs: file." };
        var includeSecrets = new Option<bool>("--include-secrets") { Description = "Write secret values instead of { keepSecret: true } (only those this user may read); keep the output where only you can read it." };
        var source = new Options.Source();
        var command = new Command("export", "Write the jobs on this machine (or under --root) as a configuration file (standard output) that plan and apply read back.") { dsc, includeSecrets };
        filter.AddTo(command);
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var platform = source.Platform(parse);
            var export = Exporter.Export(platform, filter.Query(parse), parse.GetValue(includeSecrets));
            parse.InvocationConfiguration.Error.WriteLine("svcmgmt: " + export.Summary);

            parse.InvocationConfiguration.Output.Write(ConfigurationWriter.Save(export.Entries, parse.GetValue(dsc) ? ConfigurationForm.Dsc : ConfigurationForm.Jobs));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WritePlan(ParseResult parse, Plan plan, bool json)
    {
        var output = parse.InvocationConfiguration.Output;
        if (json)
        {
            output.WriteLine(CliJson.Serialize(PlanJson.Of(plan)));
            return;
        }

        output.Write(PlanText.Changes(plan));
        Output.WriteFindings(parse.InvocationConfiguration.Error, plan.Notes);
        output.WriteLine(PlanText.Summary(plan));
    }
}
