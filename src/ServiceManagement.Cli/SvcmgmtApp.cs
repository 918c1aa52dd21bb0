using System.CommandLine;
using ServiceManagement.Cli.Commands;
using ServiceManagement.Errors;
using ServiceManagement.Platforms;

namespace ServiceManagement.Cli;

/// <summary>The svcmgmt command line: parses, runs one command, and maps failures to exit codes.</summary>
public static class SvcmgmtApp
{
    private static readonly Dictionary<string, Func<IEnumerable<Command>>> Commands = new(StringComparer.Ordinal)
    {
        ["list"] = () => new[] { JobCommands.List() },
        ["show"] = () => new[] { JobCommands.Show() },
        ["status"] = () => new[] { JobCommands.Status() },
        ["new"] = () => new[] { JobCommands.New() },
        ["set"] = () => new[] { JobCommands.Set() },
        ["remove"] = () => new[] { JobCommands.Remove() },
        ["start"] = () => new[] { JobCommands.Control(JobAction.Start) },
        ["stop"] = () => new[] { JobCommands.Control(JobAction.Stop) },
        ["restart"] = () => new[] { JobCommands.Control(JobAction.Restart) },
        ["enable"] = () => new[] { JobCommands.Control(JobAction.Enable) },
        ["disable"] = () => new[] { JobCommands.Control(JobAction.Disable) },
        ["plan"] = () => new[] { DesiredStateCommands.PlanCommand() },
        ["apply"] = () => new[] { DesiredStateCommands.ApplyCommand() },
        ["export"] = () => new[] { DesiredStateCommands.ExportCommand() },
        ["validate"] = () => new[] { ValidateCommand.Create() },
        ["support"] = () => new[] { SupportCommand.Create() },
        ["convert"] = () => new[] { ConvertCommand.Create() },
        ["dsc"] = () => new[] { DscCommands.Create() },
    };

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("svcmgmt: create, inspect and remove background jobs (daemons, agents, login items) on macOS, Linux and Windows.\n" + ExitCodes.HelpText);

        // Building a command costs start-up time; a run that names its command builds only that one.
        var wanted = args.Length > 0 && Commands.ContainsKey(args[0]) ? args[0] : null;
        foreach (var command in Commands.Where(c => wanted is null || c.Key == wanted).SelectMany(c => c.Value()))
        {
            root.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine("svcmgmt: " + parseError.Message);
            }

            error.WriteLine("Run 'svcmgmt --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is ServiceManagementException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine("svcmgmt: " + ex.Message);
            return ExitCodes.For(ex);
        }
    }
}
