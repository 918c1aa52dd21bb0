using System.CommandLine;
using ServiceManagement.Configuration;
using ServiceManagement.Formats;
using ServiceManagement.IO;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;

namespace ServiceManagement.Cli.Commands;

/// <summary>
/// <c>svcmgmt convert FILE --to FORMAT</c>: reads any format the engine knows and writes another.
/// Invalid input is refused with every finding and nothing is written; support warnings go to stderr.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var names = DefinitionFormats.All.Select(f => f.Name).ToArray();
        var file = new Argument<string>("FILE") { Description = "The file to read." };
        var to = new Option<string>("--to") { Description = "The format to write: " + string.Join(", ", names) + ".", Required = true };
        to.AcceptOnlyFromAmong(names);
        var from = new Option<string?>("--from") { Description = "The format to read; by default recognised from the file name, else from what the file holds." };
        from.AcceptOnlyFromAmong(names);
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (atomically) instead of standard output." };
        var command = new Command("convert", "Translate definitions between formats; findings go to standard error.") { file, to, from, output };
        command.SetAction(parse => Run(parse, parse.GetValue(file)!, parse.GetValue(to)!, parse.GetValue(from), parse.GetValue(output)));
        return command;
    }

    private static int Run(ParseResult parse, string path, string to, string? from, string? outputPath)
    {
        var error = parse.InvocationConfiguration.Error;
        var target = DefinitionFormats.Find(to);
        if (!File.Exists(path))
        {
            throw new Errors.InputNotFoundException(path);
        }

        var bytes = File.ReadAllBytes(path);
        var source = from is null ? DefinitionFormats.Detect(path, bytes) : DefinitionFormats.Find(from);
        var result = source.Read!(bytes, path);
        var findings = ConfigurationValidator.Validate(result, target.Platform, PlatformRules.All);
        Output.WriteFindings(error, findings);
        if (result.Document is null || findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            error.WriteLine($"{path}: not converted; fix the errors above.");
            return ExitCodes.InvalidInput;
        }

        var text = target.Write!(result.Document.Entries);
        if (outputPath is null)
        {
            parse.InvocationConfiguration.Output.Write(text);
        }
        else
        {
            AtomicFile.WriteAllText(outputPath, text);
        }

        return ExitCodes.Success;
    }
}
