using BenchmarkDotNet.Attributes;
using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Processes;

namespace ServiceManagement.Benchmarks;

/// <summary>Shared inputs: a configuration of 200 jobs using most of the model.</summary>
internal static class Inputs
{
    public static readonly string Yaml = "jobs:\n" + string.Concat(Enumerable.Range(0, 200).Select(i =>
        $"  - {{ name: bench.job{i:D3}, kind: daemon, program: /usr/bin/sleep, arguments: [\"{i}\", \"two words\"], environment: {{ A: \"1\", B: \"x y\" }}, restart: {{ policy: onFailure, delay: 5s }}, schedule: {{ cron: \"*/5 * * * *\" }}, description: \"Job {i}\" }}\n"));

    public static readonly IReadOnlyList<ConfigurationEntry> Entries = ConfigurationLoader.Parse(Yaml, "bench.yaml").Document!.Entries;

    public static readonly BackgroundJobDefinition Definition = Entries[0].Definition;
}

[MemoryDiagnoser]
public class TranslatorBenchmarks
{
    private readonly string _unit = SystemdTranslator.Render(Inputs.Definition)[0].Content;
    private readonly string _timer = SystemdTranslator.Render(Inputs.Definition)[1].Content;
    private readonly string _plist = LaunchdTranslator.Render(Inputs.Definition).Content;

    [Benchmark]
    public IReadOnlyList<NativeFile> SystemdRender() => SystemdTranslator.Render(Inputs.Definition);

    [Benchmark]
    public BackgroundJobDefinition SystemdParse() =>
        SystemdTranslator.Parse(new SystemdUnits("bench.job000", UnitFile.Parse(_unit, "u")) { Timer = UnitFile.Parse(_timer, "t") }, JobKind.Daemon, JobScope.System);

    [Benchmark]
    public NativeFile LaunchdRender() => LaunchdTranslator.Render(Inputs.Definition);

    [Benchmark]
    public BackgroundJobDefinition LaunchdParse() => LaunchdTranslator.Parse((RawMap)PropertyList.ReadXml(_plist), "x", JobKind.Daemon, JobScope.System);

    [Benchmark]
    public ConfigurationLoadResult YamlLoad200() => ConfigurationLoader.Parse(Inputs.Yaml, "bench.yaml");

    [Benchmark]
    public string YamlSave200() => ConfigurationWriter.Save(Inputs.Entries);
}

/// <summary>Planning 200 jobs against a directory tree that already holds them (the drift test a fleet runs).</summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private string _root = string.Empty;
    private LinuxPlatform _platform = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("sm-bench-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "etc/systemd/system"));
        File.WriteAllText(Path.Combine(_root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        var layout = new LinuxLayout("/", new PosixUser("root", 0, 0, "/root")).WithRoot(_root);
        _platform = new LinuxPlatform(layout, new SilentRunner());
        Applier.Apply(_platform, Inputs.Entries, new ApplyOptions());
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public Plan Plan200() => Planner.Create(_platform, Inputs.Entries, new PlanOptions());

    private sealed class SilentRunner : ICommandRunner
    {
        public CommandResult Run(ServiceManagement.Processes.CommandLine command) => new(0, string.Empty, string.Empty);
    }
}
