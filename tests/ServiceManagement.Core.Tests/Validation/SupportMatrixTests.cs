using ServiceManagement.Model;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Validation;

public class SupportMatrixTests
{
    private static readonly BackgroundJobDefinition Daemon = new("com.example.job", JobKind.Daemon, JobScope.System) { Program = "/usr/bin/job" };

    [Fact]
    public void Has_one_cell_with_a_note_for_every_property_and_platform()
    {
        var platforms = Enum.GetValues<JobPlatform>();
        foreach (var property in SupportMatrix.Properties)
        {
            var cells = SupportMatrix.Entries.Where(e => e.Property == property).ToList();
            Assert.Equal(platforms, cells.Select(c => c.Platform));
            Assert.All(cells, c => Assert.False(string.IsNullOrWhiteSpace(c.Note)));
        }
    }

    [Fact]
    public void Names_properties_by_their_configuration_keys()
    {
        var keys = ServiceManagement.Configuration.JobReader.JobKeys;
        Assert.All(SupportMatrix.Properties, p => Assert.Contains(p.Split('.', ':')[0], keys));
    }

    [Fact]
    public void Finds_cells_by_wildcard_and_platform()
    {
        var cells = SupportMatrix.Find(new[] { "restart.*" }, new[] { JobPlatform.Launchd }).ToList();
        Assert.Equal(new[] { "restart.policy", "restart.policy: always", "restart.delay", "restart.throttle" }, cells.Select(c => c.Property));
        Assert.All(cells, c => Assert.Equal(JobPlatform.Launchd, c.Platform));
        Assert.Equal(SupportMatrix.Entries.Count, SupportMatrix.Find(null, null).Count());
    }

    [Theory]
    [InlineData(TargetOperatingSystem.MacOS, JobKind.Daemon, false, JobPlatform.Launchd)]
    [InlineData(TargetOperatingSystem.Linux, JobKind.Agent, false, JobPlatform.Systemd)]
    [InlineData(TargetOperatingSystem.Linux, JobKind.LoginItem, false, JobPlatform.XdgAutostart)]
    [InlineData(TargetOperatingSystem.Windows, JobKind.Daemon, false, JobPlatform.WindowsService)]
    [InlineData(TargetOperatingSystem.Windows, JobKind.Daemon, true, JobPlatform.WindowsTask)]
    [InlineData(TargetOperatingSystem.Windows, JobKind.Agent, false, JobPlatform.WindowsTask)]
    [InlineData(TargetOperatingSystem.Windows, JobKind.LoginItem, false, JobPlatform.WindowsRunKey)]
    public void Chooses_the_native_mechanism_by_system_kind_and_schedule(TargetOperatingSystem os, JobKind kind, bool scheduled, JobPlatform expected)
    {
        var definition = new BackgroundJobDefinition("a", kind, JobScope.User) { Schedule = scheduled ? Schedule.EveryInterval(Duration.Parse("1h")) : null };
        Assert.Equal(expected, PlatformTargets.For(os, definition));
    }

    [Fact]
    public void Unsupported_properties_are_errors_on_that_platform_only()
    {
        var definition = Daemon with { Dependencies = ValueList.Of("network.target") };
        var finding = Assert.Single(DefinitionValidator.Validate(definition, TargetOperatingSystem.MacOS, PlatformRules.All), f => f.Severity == FindingSeverity.Error);
        Assert.Equal((FindingSeverity.Error, "PlatformUnsupported", "dependencies"), (finding.Severity, finding.Code, finding.Path));
        Assert.Contains("launchd", finding.Message, StringComparison.Ordinal);
        Assert.Empty(DefinitionValidator.Validate(definition with { Sandbox = SandboxProfile.Basic }, TargetOperatingSystem.Linux, PlatformRules.All));
    }

    [Fact]
    public void Emulated_and_ignored_properties_are_warnings()
    {
        var definition = Daemon with { StandardOutputPath = @"C:\logs\job.log", Program = @"C:\job.exe", Restart = new RestartPolicy(RestartCondition.Always) };
        var findings = DefinitionValidator.Validate(definition, TargetOperatingSystem.Windows, PlatformRules.All);
        Assert.Equal(new[] { ("restart.policy", "PlatformEmulated"), ("standardOutputPath", "PlatformIgnored") },
            findings.Select(f => (f.Path, f.Code)).OrderBy(p => p.Path, StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
    }

    [Fact]
    public void Qualified_rows_apply_only_to_their_value()
    {
        var item = new BackgroundJobDefinition("li", JobKind.LoginItem, JobScope.User) { Program = "/bin/li" };
        Assert.Empty(DefinitionValidator.Validate(item with { StartupType = StartupType.Automatic }, TargetOperatingSystem.Linux, PlatformRules.All));
        var manual = Assert.Single(DefinitionValidator.Validate(item with { StartupType = StartupType.Manual }, TargetOperatingSystem.Linux, PlatformRules.All));
        Assert.Equal(("startupType", "PlatformEmulated"), (manual.Path, manual.Code));
    }

    [Fact]
    public void A_property_already_in_error_gets_no_platform_finding_on_top()
    {
        var item = new BackgroundJobDefinition("li", JobKind.LoginItem, JobScope.User) { Program = "/bin/li", Schedule = Schedule.EveryInterval(Duration.Parse("1h")) };
        var finding = Assert.Single(DefinitionValidator.Validate(item, TargetOperatingSystem.Linux, PlatformRules.All));
        Assert.Equal("LoginItemSchedule", finding.Code);
    }
}
