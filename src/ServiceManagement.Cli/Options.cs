using System.CommandLine;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Backends;

namespace ServiceManagement.Cli;

/// <summary>Options several commands share, so that they are spelt and described the same everywhere.</summary>
internal static class Options
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>Names a command takes to narrow every job down: none means every job.</summary>
    public static Argument<string[]> OptionalNames() =>
        new("NAME") { Description = "Job names; wildcards * ? [] match several. Every job when none is given.", Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Points the engine at a directory tree instead of / (an image, a test tree); job managers are called only where they run.</summary>
    public static Option<string?> Root() => new("--root") { Description = "Work on the job files under this directory instead of / (Linux)." };

    /// <summary>
    /// Where the commands that only read jobs (list, show, export) read them: this machine, or with --root a tree —
    /// a mounted disk, an image or a backup — of the system --platform names, read-only, from any operating
    /// system (a macOS volume read on Linux, for one). Job managers are never asked about a tree.
    /// </summary>
    internal sealed class Source
    {
        private readonly Option<string?> _root = new("--root") { Description = "Read the jobs under this directory (a mounted disk, an image, a backup) instead of this machine's." };
        private readonly Option<string?> _platform = new("--platform") { Description = "With --root: the system the directory holds, linux or macos; this machine's by default." };
        private readonly Option<string?> _backgroundTaskDump = new("--btm-dump") { Description = "With --root and --platform macos: a file of what sfltool dumpbtm printed on that Mac, to show which jobs Login Items lets run." };

        public Source() => _platform.AcceptOnlyFromAmong("linux", "macos");

        public void AddTo(Command command)
        {
            command.Add(_root);
            command.Add(_platform);
            command.Add(_backgroundTaskDump);
        }

        /// <summary>True when the jobs come from a tree, whose managers are not running here.</summary>
        public bool IsTree(ParseResult parse) => parse.GetValue(_root) is not null;

        public IPlatform Platform(ParseResult parse) =>
            PlatformFactory.ForReading(parse.GetValue(_platform) is { } name ? OperatingSystems[name] : null, parse.GetValue(_root), ("--platform", "--root", "--btm-dump"), parse.GetValue(_backgroundTaskDump));
    }

    public static readonly IReadOnlyDictionary<string, TargetOperatingSystem> OperatingSystems =
        new Dictionary<string, TargetOperatingSystem>(StringComparer.OrdinalIgnoreCase)
        {
            ["macos"] = TargetOperatingSystem.MacOS,
            ["linux"] = TargetOperatingSystem.Linux,
            ["windows"] = TargetOperatingSystem.Windows,
        };

    public static string Name(JobPlatform platform) =>
        char.ToLowerInvariant(platform.ToString()[0]) + platform.ToString().Substring(1);

    /// <summary>The options that narrow which jobs a command sees: --kind, --scope, --user (and, for listings, --name and --managed).</summary>
    internal sealed class JobFilter
    {
        private readonly Option<string[]>? _name;
        private readonly Option<bool>? _managed;
        private readonly Option<string?> _kind = Choice("--kind", "Only jobs of this kind", "daemon", "agent", "loginItem");
        private readonly Option<string?> _scope = Choice("--scope", "Only jobs of this scope", "system", "user");
        private readonly Option<string?> _user = new("--user") { Description = "Only user jobs of this user." };

        /// <summary>A filter for a listing (with --name and --managed) or for commands that take names as arguments.</summary>
        public JobFilter(bool listing)
        {
            if (listing)
            {
                _name = new Option<string[]>("--name") { Description = "Only jobs whose name matches (wildcards * ? [])." , AllowMultipleArgumentsPerToken = true };
                _managed = new Option<bool>("--managed") { Description = "Only jobs ServiceManagement created." };
            }
        }

        public void AddTo(Command command)
        {
            foreach (var option in new Option?[] { _name, _managed, _kind, _scope, _user }.Where(o => o is not null))
            {
                command.Options.Add(option!);
            }
        }

        public JobQuery Query(ParseResult parse, IReadOnlyList<string>? names = null) => new()
        {
            Names = names ?? (_name is not null && parse.GetValue(_name) is { Length: > 0 } given ? given : null),
            ManagedOnly = _managed is not null && parse.GetValue(_managed),
            Kind = Parse<JobKind>(parse.GetValue(_kind)),
            Scope = Parse<JobScope>(parse.GetValue(_scope)),
            User = parse.GetValue(_user),
        };

        private static Option<string?> Choice(string name, string description, params string[] values)
        {
            var option = new Option<string?>(name) { Description = $"{description}: {string.Join(", ", values)}." };
            option.AcceptOnlyFromAmong(values);
            return option;
        }

        private static T? Parse<T>(string? value)
            where T : struct => value is null ? null : (T)System.Enum.Parse(typeof(T), value, ignoreCase: true);
    }
}
