using ServiceManagement.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ServiceManagement.Tests.Platforms.Systemd;

/// <summary>
/// Every service unit this machine's packages ship (under /lib/systemd and /usr/lib/systemd, system and
/// user, templates included) goes through <c>svcmgmt convert --to yaml</c> and back with
/// <c>--to systemd</c>, and comes back equal in meaning — judged by a unit parser this test writes
/// itself, not by the product's: the same files (the service and the timer and socket beside it), the
/// same sections, and for every directive the same values in the same order.
/// </summary>
public sealed class UnitCorpusTests : IDisposable
{
    private static readonly string[] Directories = { "/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/user", "/usr/lib/systemd/user" };

    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-units-").FullName;

    public UnitCorpusTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Each real .service file once (the /lib and /usr/lib trees are often one), skipping links to /dev/null.</summary>
    private static IReadOnlyList<string> ServiceFiles() =>
        Directories.Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.service"))
            .Where(f => new FileInfo(f).ResolveLinkTarget(returnFinalTarget: true)?.FullName != "/dev/null")
            .GroupBy(f => Path.Combine(RealDirectory(Path.GetDirectoryName(f)!), Path.GetFileName(f)), StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    /// <summary>A directory with every symbolic link on its way resolved (/lib is /usr/lib on merged-/usr systems).</summary>
    private static string RealDirectory(string directory)
    {
        var real = "/";
        foreach (var part in directory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            real = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
        }

        return real;
    }

    [Fact]
    public void Every_shipped_service_unit_converts_to_yaml_and_back_unchanged_in_meaning()
    {
        var files = ServiceFiles();
        Assert.True(files.Count >= 20 || !Prerequisites.IsCi, $"Only {files.Count} service units were found under {string.Join(", ", Directories)}; CI's machine has systemd installed.");
        var failures = new List<string>();
        foreach (var file in files)
        {
            var failure = RoundTrip(file);
            if (failure is not null)
            {
                failures.Add($"{file}: {failure}");
            }
        }

        _output.WriteLine($"systemd units: {files.Count - failures.Count} of {files.Count} came back equal in meaning.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} units changed:\n" + string.Join("\n", failures.Take(20)));
    }

    private string? RoundTrip(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var yamlPath = Path.Combine(_directory, name + ".yaml");
        var (toYaml, yaml, yamlError) = InProcessSvcmgmt.Run("convert", file, "--to", "yaml");
        if (toYaml != 0)
        {
            return "--to yaml failed: " + yamlError.Trim();
        }

        File.WriteAllText(yamlPath, yaml);
        var (toUnit, units, unitError) = InProcessSvcmgmt.Run("convert", yamlPath, "--to", "systemd");
        if (toUnit != 0)
        {
            return "--to systemd failed: " + unitError.Trim();
        }

        var originals = new[] { ".service", ".timer", ".socket", ".path" }
            .Select(ext => Path.Combine(Path.GetDirectoryName(file)!, name + ext))
            .Where(File.Exists)
            .ToDictionary(f => Path.GetFileName(f)!, f => TestUnit.Parse(File.ReadAllText(f)), StringComparer.Ordinal);
        // A bus-activated unit's bus files (dbus-1/…) come with it; the units are what is compared.
        var rendered = Split(units, name + ".service").Where(f => !f.Key.Contains('/', StringComparison.Ordinal)).ToDictionary(f => f.Key, f => TestUnit.Parse(f.Value), StringComparer.Ordinal);
        if (!originals.Keys.OrderBy(k => k, StringComparer.Ordinal).SequenceEqual(rendered.Keys.OrderBy(k => k, StringComparer.Ordinal)))
        {
            return $"files {string.Join(",", originals.Keys)} became {string.Join(",", rendered.Keys)}";
        }

        foreach (var (unit, original) in originals)
        {
            var difference = TestUnit.Difference(original, rendered[unit]);
            if (difference is not null)
            {
                return $"{unit}: {difference}";
            }
        }

        return null;
    }


    /// <summary>svcmgmt's several-units text: each file after a "# ---- NAME" line; a single unit has none.</summary>
    private static Dictionary<string, string> Split(string text, string single)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var current = single;
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# ---- ", StringComparison.Ordinal))
            {
                if (lines.Any(l => l.Length > 0))
                {
                    files[current] = string.Join("\n", lines);
                }

                current = line.Substring(7).Trim();
                lines.Clear();
            }
            else
            {
                lines.Add(line);
            }
        }

        files[current] = string.Join("\n", lines);
        return files;
    }

    /// <summary>
    /// A unit file as systemd.syntax(7) describes it, parsed here independently of the product: sections,
    /// and per section each key's values in the order written (an empty value, which resets a list, is
    /// kept as written). Keys ServiceManagement adds to say what it wrote (X-ServiceManagement-*) are
    /// annotations, not settings, and are left out.
    /// </summary>
    private sealed class TestUnit
    {
        private readonly Dictionary<string, Dictionary<string, List<string>>> _sections = new(StringComparer.Ordinal);

        public static TestUnit Parse(string text)
        {
            var unit = new TestUnit();
            Dictionary<string, List<string>>? section = null;
            var logical = new List<string>();
            var pending = string.Empty;
            foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var line = raw.TrimEnd();
                if (pending.Length > 0)
                {
                    // A continued line: comment lines inside a continuation are dropped.
                    if (line.TrimStart().StartsWith("#", StringComparison.Ordinal) || line.TrimStart().StartsWith(";", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    pending += " " + line.TrimStart();
                }
                else
                {
                    pending = line;
                }

                if (pending.EndsWith("\\", StringComparison.Ordinal))
                {
                    pending = pending.Substring(0, pending.Length - 1);
                    continue;
                }

                logical.Add(pending);
                pending = string.Empty;
            }

            if (pending.Length > 0)
            {
                logical.Add(pending);
            }

            foreach (var line in logical.Select(l => l.Trim()))
            {
                if (line.Length == 0 || line[0] is '#' or ';')
                {
                    continue;
                }

                if (line[0] == '[' && line[line.Length - 1] == ']')
                {
                    var name = line.Substring(1, line.Length - 2);
                    if (!unit._sections.TryGetValue(name, out section))
                    {
                        unit._sections.Add(name, section = new Dictionary<string, List<string>>(StringComparer.Ordinal));
                    }

                    continue;
                }

                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (section is null || equals <= 0)
                {
                    continue;
                }

                var key = line.Substring(0, equals).Trim();
                if (key.StartsWith("X-ServiceManagement-", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!section.TryGetValue(key, out var values))
                {
                    section.Add(key, values = new List<string>());
                }

                values.Add(line.Substring(equals + 1).Trim());
            }

            return unit;
        }

        /// <summary>The first difference in meaning between two units, or null.</summary>
        public static string? Difference(TestUnit original, TestUnit rendered)
        {
            static IEnumerable<string> Sections(TestUnit u) => u._sections.Where(s => s.Value.Count > 0).Select(s => s.Key).OrderBy(k => k, StringComparer.Ordinal);
            if (!Sections(original).SequenceEqual(Sections(rendered)))
            {
                return $"sections [{string.Join("] [", Sections(original))}] became [{string.Join("] [", Sections(rendered))}]";
            }

            foreach (var (name, section) in original._sections)
            {
                var other = rendered._sections[name];
                foreach (var key in section.Keys.Union(other.Keys))
                {
                    var before = section.TryGetValue(key, out var b) ? b : new List<string>();
                    var after = other.TryGetValue(key, out var a) ? a : new List<string>();
                    if (!before.SequenceEqual(after, StringComparer.Ordinal))
                    {
                        return $"[{name}] {key}: [{string.Join(" | ", before)}] became [{string.Join(" | ", after)}]";
                    }
                }
            }

            return null;
        }
    }
}
