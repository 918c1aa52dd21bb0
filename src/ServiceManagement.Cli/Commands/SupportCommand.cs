using System.CommandLine;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Cli.Commands;

/// <summary><c>svcmgmt support</c>: the property × platform support matrix.</summary>
internal static class SupportCommand
{
    public static Command Create()
    {
        var platforms = Enum.GetValues<JobPlatform>().Select(Options.Name).ToArray();
        var platform = new Option<string?>("--platform") { Description = "Show one platform with notes: " + string.Join(", ", platforms) + "." };
        platform.AcceptOnlyFromAmong(platforms);
        var json = Options.Json();
        var command = new Command("support", "Print how each platform supports each property: native, emulated, ignored or unsupported.") { platform, json };
        command.SetAction(parse => Run(parse.InvocationConfiguration.Output, parse.GetValue(platform), parse.GetValue(json)));
        return command;
    }

    private static int Run(TextWriter output, string? platform, bool json)
    {
        var entries = SupportMatrix.Entries.Where(e => platform is null || Options.Name(e.Platform) == platform).ToList();
        if (json)
        {
            output.WriteLine(CliJson.Serialize(entries.Select(e => new SupportJson(e.Property, Options.Name(e.Platform), e.Level, e.Note))));
        }
        else if (platform is not null)
        {
            Output.WriteTable(output, new[] { "PROPERTY", "SUPPORT", "NOTE" },
                entries.Select(e => new[] { e.Property, Level(e.Level), e.Note }));
        }
        else
        {
            var columns = Enum.GetValues<JobPlatform>();
            Output.WriteTable(output, new[] { "PROPERTY" }.Concat(columns.Select(Options.Name)).ToArray(),
                SupportMatrix.Properties.Select(p => new[] { p }.Concat(columns.Select(c => Level(entries.First(e => e.Property == p && e.Platform == c).Level))).ToArray()));
            output.WriteLine();
            output.WriteLine("Emulated and ignored properties give warnings; unsupported ones are errors. 'svcmgmt support --platform NAME' shows the notes.");
        }

        return ExitCodes.Success;
    }

    private static string Level(SupportLevel level) => level.ToString().ToLowerInvariant();
}
