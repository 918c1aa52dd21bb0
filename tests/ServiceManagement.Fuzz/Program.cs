using System.Diagnostics;
using ServiceManagement.Fuzz;

// Usage: ServiceManagement.Fuzz REPOSITORY [--minutes N] [--cases N] [--seed S] [--save DIRECTORY]
// Runs until the time or the cases run out; prints the counts; saves each failing input to DIRECTORY as
// <seed>-<index>.<format> with its reason beside it; exits 1 when anything failed.
var repository = args[0];
var minutes = Option("--minutes", 1.0);
var cases = (int)Option("--cases", int.MaxValue);
var seed = (int)Option("--seed", Environment.TickCount);
var save = args.SkipWhile(a => a != "--save").Skip(1).FirstOrDefault() ?? Path.Combine(repository, "tests", "fuzz", "reproducers");
var seeds = NativeFuzzer.Seeds(repository);
var clock = Stopwatch.StartNew();
var (total, refused, read, failed) = (0, 0, 0, 0);
Console.WriteLine($"fuzzing {seeds.Count} seed files ({string.Join(", ", seeds.GroupBy(s => s.Format).Select(g => $"{g.Count()} {g.Key}"))}) with seed {seed}");
while (clock.Elapsed.TotalMinutes < minutes && total < cases)
{
    var batch = Math.Min(500, cases - total);
    var report = NativeFuzzer.Run(seeds, unchecked(seed + total), batch, TimeSpan.FromSeconds(5), failure =>
    {
        Directory.CreateDirectory(save);
        var file = Path.Combine(save, $"{seed}-{total + failure.Case.Index}.{failure.Case.Format}");
        File.WriteAllBytes(file, failure.Case.Input);
        File.WriteAllText(file + ".txt", $"{failure.Kind} from seed file {failure.Case.SeedName}:\n{failure.Detail}\n");
        Console.WriteLine($"{failure.Kind}: {file}: {failure.Detail.Split('\n')[0]}");
    });
    total += report.Cases;
    refused += report.Refused;
    read += report.Read;
    failed += report.Failures.Count;
    if (report.Failures.Any(f => f.Kind == "hang"))
    {
        break;
    }
}

Console.WriteLine($"fuzz: {total} cases in {clock.Elapsed.TotalSeconds:F0} s: {read} read, {refused} refused with a finding, {failed} failed (seed {seed})");
return failed == 0 ? 0 : 1;

double Option(string name, double fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? double.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
