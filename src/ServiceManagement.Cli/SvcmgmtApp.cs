using System.CommandLine;
using ServiceManagement.Cli.Commands;
using ServiceManagement.Errors;

namespace ServiceManagement.Cli;

/// <summary>The svcmgmt command line: parses, runs one command, and maps failures to exit codes.</summary>
public static class SvcmgmtApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("svcmgmt: create, inspect and remove background jobs (daemons, agents, login items) on macOS, Linux and Windows.\n" + ExitCodes.HelpText)
        {
            ValidateCommand.Create(),
            SupportCommand.Create(),
            ConvertCommand.Create(),
        };
        foreach (var command in JobCommands.Create().Concat(DesiredStateCommands.Create()))
        {
            root.Add(command);
        }

        root.Add(DscCommands.Create());

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
