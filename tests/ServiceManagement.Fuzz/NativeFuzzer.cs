using System.Text;
using ServiceManagement.Formats;

namespace ServiceManagement.Fuzz;

/// <summary>One input the fuzzer made: from which seed file, for which format, and its bytes.</summary>
public sealed record FuzzCase(int Index, string Format, string SeedName, byte[] Input);

/// <summary>What went wrong with one input: a hang, or an exception the reader did not turn into a finding itself.</summary>
public sealed record FuzzFailure(FuzzCase Case, string Kind, string Detail);

/// <summary>How a run went.</summary>
public sealed record FuzzReport(int Cases, int Refused, int Read, IReadOnlyList<FuzzFailure> Failures);

/// <summary>
/// Mutates seed files of every native format (our golden files, the real-world plist corpus, this machine's
/// unit files) and feeds each mutant to that format's reader, as <c>svcmgmt convert</c> does. A reader must
/// read the input or refuse it with its own finding: an exception that only the last-line guard caught
/// ("unforeseen"), a reader that runs longer than the time allowed ("hang"), or a process crash are
/// failures. Everything follows from the seed, so a failure is reproduced by its seed and index (and saved
/// as a file).
/// </summary>
public static class NativeFuzzer
{
    /// <summary>Seed files by the format they are in, found under the repository and the machine.</summary>
    public static IReadOnlyList<(string Format, string Name, byte[] Bytes)> Seeds(string repository)
    {
        var seeds = new List<(string, string, byte[])>();
        void Add(string directory, string pattern, string format, int limit = int.MaxValue)
        {
            if (Directory.Exists(directory))
            {
                seeds.AddRange(Directory.GetFiles(directory, pattern).OrderBy(f => f, StringComparer.Ordinal).Take(limit).Select(f => (format, Path.GetFileName(f), File.ReadAllBytes(f))));
            }
        }

        var golden = Path.Combine(repository, "tests", "ServiceManagement.Core.Tests", "Golden");
        Add(Path.Combine(golden, "linux"), "*.service", "systemd");
        Add(Path.Combine(golden, "linux"), "*.desktop", "desktop");
        Add(Path.Combine(golden, "macos"), "*.plist", "launchd");
        Add(Path.Combine(golden, "windows"), "*.task.xml", "task");
        Add(Path.Combine(golden, "windows"), "*.reg", "runkey");
        Add(Path.Combine(golden, "windows"), "*.scm.json", "scm");
        Add(golden, "*.yaml", "yaml");
        Add(Path.Combine(repository, "tests", "ServiceManagement.Core.Tests", "Samples"), "*.xml", "task");
        Add(Path.GetFullPath(Path.Combine(repository, "..", "shared", "corpus", "launchd")), "*.plist", "launchd", 40);
        Add("/lib/systemd/system", "*.service", "systemd", 40);
        Add(Path.Combine(repository, "tests", "ServiceManagement.Core.Tests", "Samples", "btm"), "*.txt", BackgroundTasks);

        // Every sample job written in every native form that can hold it: seeds for the formats with few files.
        foreach (var sample in Directory.GetFiles(Path.Combine(repository, "samples"), "*.yaml").Concat(Directory.GetFiles(Path.Combine(repository, "tests", "ServiceManagement.Core.Tests", "Samples"), "*.yaml")).OrderBy(f => f, StringComparer.Ordinal))
        {
            var document = Configuration.ConfigurationLoader.Parse(File.ReadAllText(sample), sample).Document;
            foreach (var entry in document?.Entries ?? Array.Empty<Configuration.ConfigurationEntry>())
            {
                foreach (var format in DefinitionFormats.All.Where(f => f.Name is not ("yaml" or "dsc")))
                {
                    try
                    {
                        seeds.Add((format.Name, $"{Path.GetFileName(sample)}:{entry.Definition.Name}", Encoding.UTF8.GetBytes(format.Write!(new[] { entry }))));
                    }
                    catch (Exception ex) when (ex is Errors.ServiceManagementException or ArgumentException)
                    {
                        // That form cannot hold this job (a login item as a service, say).
                    }
                }
            }
        }

        return seeds;
    }

    public static FuzzReport Run(IReadOnlyList<(string Format, string Name, byte[] Bytes)> seeds, int seed, int cases, TimeSpan perCase, Action<FuzzFailure>? onFailure = null)
    {
        var random = new Random(seed);
        var failures = new List<FuzzFailure>();
        var (refused, read) = (0, 0);
        for (var index = 0; index < cases; index++)
        {
            var (format, name, bytes) = seeds[random.Next(seeds.Count)];
            var fuzzCase = new FuzzCase(index, format, name, Mutate(bytes, random, seeds));
            var failure = Check(fuzzCase, perCase, out var accepted);
            if (failure is not null)
            {
                failures.Add(failure);
                onFailure?.Invoke(failure);
                if (failure.Kind == "hang")
                {
                    break;
                }
            }
            else if (accepted)
            {
                read++;
            }
            else
            {
                refused++;
            }
        }

        return new FuzzReport(cases, refused, read, failures);
    }

    /// <summary>What <c>sfltool dumpbtm</c> prints (macOS Background Task Management): read by its own reader, not as a definition.</summary>
    public const string BackgroundTasks = "btm";

    /// <summary>Reads one input on a thread of its own, so that a hang is seen rather than waited for.</summary>
    public static FuzzFailure? Check(FuzzCase fuzzCase, TimeSpan timeout, out bool accepted)
    {
        var source = $"fuzz-{fuzzCase.Index}.{fuzzCase.Format}";
        Configuration.ConfigurationLoadResult? result = null;
        Exception? escaped = null;
        var refusedDump = false;
        var reader = new Thread(() =>
        {
            try
            {
                if (fuzzCase.Format == BackgroundTasks)
                {
                    Platforms.Launchd.BackgroundTaskDump.Parse(Encoding.UTF8.GetString(fuzzCase.Input), source);
                }
                else
                {
                    result = DefinitionFormats.Find(fuzzCase.Format).Read!(fuzzCase.Input, source);
                }
            }
            catch (Errors.BackgroundTaskDumpException) when (fuzzCase.Format == BackgroundTasks)
            {
                refusedDump = true;
            }
            catch (Exception ex)
            {
                escaped = ex;
            }
        }, 16 * 1024 * 1024);
        reader.IsBackground = true;
        reader.Start();
        accepted = false;
        if (!reader.Join(timeout))
        {
            return new FuzzFailure(fuzzCase, "hang", $"the {fuzzCase.Format} reader ran longer than {timeout.TotalSeconds} s");
        }

        if (escaped is not null)
        {
            return new FuzzFailure(fuzzCase, "crash", escaped.ToString());
        }

        if (fuzzCase.Format == BackgroundTasks)
        {
            accepted = !refusedDump;
            return null;
        }

        var unforeseen = result!.Findings.FirstOrDefault(f => f.Code == DefinitionFormats.UnforeseenCode);
        if (unforeseen is not null)
        {
            return new FuzzFailure(fuzzCase, "unforeseen", unforeseen.Message);
        }

        accepted = result.Document is not null && !result.Findings.Any(f => f.Severity == Validation.FindingSeverity.Error);
        return null;
    }

    private static readonly string[] Tokens =
    {
        "\\", "\n", "\r\n", "\0", "=", "[", "]", "\"", "'", "%", "$", "<", ">", "&", "<array>", "</array>", "<dict>", "<key>", "{", "}", ":", "-", "- ", "*",
        "&a", "*a", "!!binary", "\u2028", "\uFEFF", "9999999999999999999999", "-1", "1e309", "NaN", ".nan", "#", ";", "hex:", "ffff", "@", "+", "!",
    };

    /// <summary>One to four edits: flipped bits, inserted or removed bytes, duplicated or spliced chunks, tokens the formats treat specially.</summary>
    public static byte[] Mutate(byte[] input, Random random, IReadOnlyList<(string Format, string Name, byte[] Bytes)> seeds)
    {
        var bytes = new List<byte>(input);
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(random.Next(4) == 0 ? 8 : 7));
                    break;
                case 1:
                    // Mostly printable text, so that text formats get past their encoding check.
                    bytes.Insert(at, (byte)(random.Next(5) == 0 ? random.Next(256) : random.Next(32, 127)));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)));
                    break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 256));
                    var chunk = bytes.GetRange(at, length);
                    for (var copies = random.Next(1, 64); copies > 0 && bytes.Count < 4 << 20; copies--)
                    {
                        bytes.InsertRange(at, chunk);
                    }

                    break;
                case 4:
                    var other = seeds[random.Next(seeds.Count)].Bytes;
                    if (other.Length > 0)
                    {
                        var from = random.Next(other.Length);
                        bytes.InsertRange(at, other.Skip(from).Take(random.Next(1, 512)));
                    }

                    break;
                case 5:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 6 when bytes.Count > 0:
                    bytes[at] = (byte)(random.Next(2) == 0 ? 0xFF : 0x00);
                    break;
                default:
                    bytes.Reverse(at, Math.Min(bytes.Count - at, random.Next(1, 16)));
                    break;
            }
        }

        return bytes.ToArray();
    }
}
