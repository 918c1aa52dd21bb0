using System.CommandLine;
using ServiceManagement.Cli.Commands;
using ServiceManagement.Errors;
using ServiceManagement.Platforms;

namespace ServiceManagement.Cli;

/// <summary>The svcmgmt command line: parses, runs one command, and maps failures to exit codes.</summary>
public static class SvcmgmtApp
{
    /// <summary>Every command, built on demand: a run that names its command builds only that one.</summary>
    private static readonly IReadOnlyDictionary<string, Func<Command>> Commands = new Dictionary<string, Func<Command>>(StringComparer.Ordinal)
    {
        ["list"] = JobCommands.List,
        ["show"] = JobCommands.Show,
        ["status"] = JobCommands.Status,
        ["watch"] = WatchCommand.Create,
        ["top"] = TopCommand.Create,
        ["logs"] = LogsCommand.Create,
        ["security"] = SecurityCommand.Create,
        ["new"] = JobCommands.New,
        ["set"] = JobCommands.Set,
        ["remove"] = JobCommands.Remove,
        ["reset"] = JobCommands.Reset,
        ["start"] = () => JobCommands.Control(JobAction.Start),
        ["stop"] = () => JobCommands.Control(JobAction.Stop),
        ["restart"] = () => JobCommands.Control(JobAction.Restart),
        ["enable"] = () => JobCommands.Control(JobAction.Enable),
        ["disable"] = () => JobCommands.Control(JobAction.Disable),
        ["plan"] = DesiredStateCommands.PlanCommand,
        ["apply"] = DesiredStateCommands.ApplyCommand,
        ["export"] = DesiredStateCommands.ExportCommand,
        ["validate"] = ValidateCommand.Create,
        ["support"] = SupportCommand.Create,
        ["convert"] = ConvertCommand.Create,
        ["dsc"] = DscCommands.Create,
    };

    /// <summary>
    /// Whether the arguments may ask for help, the version or a directive, or are none (which shows the help): then a
    /// RootCommand parses them. Its help and version options take their descriptions from System.CommandLine's
    /// localized resources, and loading those was half a millisecond of every run (perf: 3% of svcmgmt dsc test's
    /// samples); any other arguments a plain root with the same commands parses alike.
    /// </summary>
    private static bool MayAskForHelp(string[] args) =>
        args.Length == 0 || args.Any(a => a is "-h" or "/h" or "--help" or "-?" or "/?" or "--version" || a.StartsWith("[", StringComparison.Ordinal));

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        const string Description = "svcmgmt: create, inspect and remove background jobs (daemons, agents, login items) on macOS, Linux and Windows.\n" + ExitCodes.HelpText;
        var root = MayAskForHelp(args) ? new RootCommand(Description) : new Command("svcmgmt", Description);

        var wanted = args.Length > 0 && Commands.ContainsKey(args[0]) ? args[0] : null;
        foreach (var command in Commands.Where(c => wanted is null || c.Key == wanted))
        {
            root.Add(command.Value());
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
