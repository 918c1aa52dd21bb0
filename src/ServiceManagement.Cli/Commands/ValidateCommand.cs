using System.CommandLine;
using ServiceManagement.Configuration;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;

namespace ServiceManagement.Cli.Commands;

/// <summary><c>svcmgmt validate FILE</c>: every finding in a configuration file, with line and column.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The configuration file (jobs: document or DSC v3 document)." };
        var platform = new Option<string>("--platform")
        {
            Description = "Also check what this operating system can express: macos, linux, windows, all, or none. Default: this machine's.",
            DefaultValueFactory = _ => PlatformTargets.Current.ToString().ToLowerInvariant(),
        };
        platform.AcceptOnlyFromAmong("macos", "linux", "windows", "all", "none");
        var json = Options.Json();
        var command = new Command("validate", "Check a configuration file and print every finding; exit 0 when valid, 2 when not.") { file, platform, json };
        command.SetAction(parse => Run(parse, parse.GetValue(file)!, parse.GetValue(platform)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(ParseResult parse, string path, string platform, bool json)
    {
        var output = parse.InvocationConfiguration.Output;
        var result = ConfigurationLoader.LoadFile(path);
        var systems = platform switch
        {
            "none" => Array.Empty<Model.TargetOperatingSystem>(),
            "all" => Options.OperatingSystems.Values.ToArray(),
            _ => new[] { Options.OperatingSystems[platform] },
        };
        var findings = ConfigurationValidator.ValidateFor(result, systems, PlatformRules.All);
        var valid = !findings.Any(f => f.Severity == FindingSeverity.Error);
        if (json)
        {
            output.WriteLine(CliJson.Serialize(new ValidateJson(valid, findings.Select(FindingJson.Of))));
        }
        else
        {
            Output.WriteFindings(output, findings);
            var errors = findings.Count(f => f.Severity == FindingSeverity.Error);
            var warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);
            var jobs = result.Document?.Entries.Count ?? 0;
            output.WriteLine(valid
                ? $"{path}: valid, {jobs} job(s), {warnings} warning(s)."
                : $"{path}: invalid, {errors} error(s), {warnings} warning(s).");
        }

        return valid ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
