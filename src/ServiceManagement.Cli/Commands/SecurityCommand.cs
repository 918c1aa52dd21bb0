using System.CommandLine;
using System.Globalization;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Requests;

namespace ServiceManagement.Cli.Commands;

/// <summary><c>svcmgmt security NAME…</c>: each job's exposure by the job manager's own analyser (systemd-analyze security).</summary>
internal static class SecurityCommand
{
    /// <summary>How many of the most exposing settings the text form lists; --json gives them all.</summary>
    private const int Shown = 10;

    public static Command Create()
    {
        var names = new Argument<string[]>("NAME") { Description = "Job names; wildcards * ? [] match several.", Arity = ArgumentArity.OneOrMore };
        var filter = new Options.JobFilter(listing: false);
        var json = Options.Json();
        var command = new Command("security", "Show how exposed jobs are (systemd-analyze security: 0 best, 10 worst) and the settings that expose them most.") { names, json };
        filter.AddTo(command);
        command.SetAction(parse =>
        {
            var platform = PlatformFactory.Create();
            var reports = platform.Resolve(filter.Query(parse, parse.GetValue(names))).Select(platform.GetSecurity).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(CliJson.Serialize(reports));
                return ExitCodes.Success;
            }

            foreach (var report in reports)
            {
                output.WriteLine(report.Exposure is { } exposure
                    ? $"{report.Name}: {exposure.ToString("0.0", CultureInfo.InvariantCulture)} {report.Rating} (by {report.Source})"
                    : $"{report.Name}: no exposure figure; analyser: {report.Source}");
                foreach (var finding in report.Findings.Take(Shown))
                {
                    output.WriteLine($"  {finding.Exposure.ToString("0.0", CultureInfo.InvariantCulture)}  {finding.Setting,-40} {finding.Description}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
