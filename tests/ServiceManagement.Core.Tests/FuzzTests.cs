using ServiceManagement.Fuzz;
using ServiceManagement.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ServiceManagement.Tests;

/// <summary>
/// The native readers against the mutation fuzzer (tests/ServiceManagement.Fuzz): a short budget with a
/// fixed seed on every run, and every input a longer run (tests/fuzz/run.sh) ever failed on, replayed.
/// A reader must read an input or refuse it with a finding of its own: no crash, no hang, nothing only the
/// last-line guard caught.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string Reproducers = Repo.PathOf("tests", "fuzz", "reproducers");
    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Five_thousand_mutants_of_every_native_format_are_read_or_refused_cleanly()
    {
        var seeds = NativeFuzzer.Seeds(Repo.Root);
        Assert.All(new[] { "systemd", "desktop", "launchd", "task", "runkey", "scm", "yaml", NativeFuzzer.BackgroundTasks }, format => Assert.Contains(seeds, s => s.Format == format));
        var report = NativeFuzzer.Run(seeds, seed: 20261129, cases: 5000, perCase: TimeSpan.FromSeconds(10));
        _output.WriteLine($"fuzz: {report.Cases} cases: {report.Read} read, {report.Refused} refused with a finding, {report.Failures.Count} failed.");
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures.Select(f => $"{f.Kind} (case {f.Case.Index}, from {f.Case.SeedName}): {f.Detail}")));
        Assert.True(report.Read > 100 && report.Refused > 100, "The mutants should be both read and refused.");
    }

    public static TheoryData<string> SavedReproducers()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Reproducers).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SavedReproducers))]
    public void Every_input_a_fuzz_run_failed_on_is_now_read_or_refused_cleanly(string name)
    {
        var fuzzCase = new FuzzCase(0, Path.GetExtension(name).TrimStart('.'), name, File.ReadAllBytes(Path.Combine(Reproducers, name)));
        var failure = NativeFuzzer.Check(fuzzCase, TimeSpan.FromSeconds(10), out _);
        Assert.True(failure is null, failure?.Detail);
    }
}
