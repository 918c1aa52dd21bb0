using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Backends;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Configuration;

/// <summary>
/// Values that a native file cannot hold as written, and raw extras that would contradict what a reviewer
/// reads: each is a validation finding, never a file that means something else.
/// </summary>
public class FaithfulWritingTests
{
    private static IReadOnlyList<Finding> Errors(string job, TargetOperatingSystem os = TargetOperatingSystem.Linux) =>
        ConfigurationValidator.Validate(ConfigurationLoader.Parse("jobs:\n  - " + job + "\n", "job.yaml"), os, PlatformRules.All).Where(f => f.Severity == FindingSeverity.Error).ToList();

    private static IReadOnlyList<Finding> Warnings(string job, TargetOperatingSystem os) =>
        ConfigurationValidator.Validate(ConfigurationLoader.Parse("jobs:\n  - " + job + "\n", "job.yaml"), os, PlatformRules.All).Where(f => f.Severity == FindingSeverity.Warning).ToList();

    [Theory]
    [InlineData("{ name: a.b, kind: daemon, program: /bin/a, description: \"x\\\\\" }", "jobs[0].description")]
    [InlineData("{ name: a.b, kind: daemon, program: /bin/a, runAs: { user: \"u\\\\\", group: g } }", "jobs[0].runAs.user")]
    [InlineData("{ name: a.b, kind: daemon, program: /bin/a, systemd: { Service: { Nice: \"5\\\\\" } } }", "jobs[0].systemd.Service.Nice")]
    public void A_value_ending_in_a_backslash_would_continue_the_line_and_is_refused(string job, string path)
    {
        var error = Assert.Single(Errors(job));
        Assert.Equal(("UnitValueUnwritable", path), (error.Code, error.Path));

        // What the refusal prevents: the unit as rendered reads back with the next line swallowed.
        var definition = ConfigurationLoader.Parse("jobs:\n  - " + job + "\n", "job.yaml").Document!.Entries[0].Definition;
        Assert.NotEmpty(SystemdTranslator.Unwritable(definition));
    }

    [Fact]
    public void A_raw_setting_that_replaces_a_modelled_one_is_an_error_for_an_authored_job_and_kept_for_one_from_a_machine()
    {
        const string job = "{ name: a.b, kind: daemon, program: /bin/a, systemd: { Service: { ExecStart: /bin/evil } }";
        var error = Assert.Single(Errors(job + " }"));
        Assert.Equal(("RawOverridesModelled", "jobs[0].systemd.Service.ExecStart"), (error.Code, error.Path));
        Assert.Contains("(program)", error.Message, StringComparison.Ordinal);
        Assert.Empty(Errors(job + ", origin: machine }"));

        var launchd = Assert.Single(Errors("{ name: a.b, kind: daemon, program: /bin/a, launchd: { Label: other } }", TargetOperatingSystem.MacOS));
        Assert.Equal(("RawOverridesModelled", "jobs[0].launchd.Label"), (launchd.Code, launchd.Path));
    }

    [Theory]
    [InlineData("systemd: { 'a\"b': { X: y } }", "UnitSectionInvalid")]
    [InlineData("systemd: { Service: \"x\" }", "UnitSectionInvalid")]
    [InlineData("systemd: { Service: { 'A=B': x } }", "UnitKeyInvalid")]
    [InlineData("systemd: { Service: { '#X': x } }", "UnitKeyInvalid")]
    [InlineData("systemd: { Service: { X: { a: b } } }", "UnitValueInvalid")]
    [InlineData("launchd: { X: 100000000000000000000000 }", "RawNumberInvalid")]
    [InlineData("launchd: { X: .nan }", "RawNumberInvalid")]
    [InlineData("program: /usr/bin/", "ProgramIsDirectory")]
    [InlineData("program: \"/opt/a'b\"", "ProgramUnrunnable")]
    public void What_a_native_file_cannot_hold_is_refused(string extra, string code)
    {
        var job = "{ name: a.b, kind: daemon" + (extra.StartsWith("program", StringComparison.Ordinal) ? string.Empty : ", program: /bin/a") + ", " + extra + " }";
        Assert.Contains(Errors(job), f => f.Code == code);
    }

    [Fact]
    public void Dependencies_on_jobs_name_their_services_and_read_back_as_written()
    {
        var definition = new BackgroundJobDefinition("a.b", JobKind.Daemon, JobScope.System) { Program = "/bin/a", Dependencies = ValueList<string>.From(new[] { "sshd", "com.example.other", "network-online.target" }) };
        var service = UnitFile.Parse(SystemdTranslator.Render(definition)[0].Content, "a.b.service");
        Assert.Equal(new[] { "sshd.service", "com.example.other.service", "network-online.target" }, service.All("Unit", "Wants"));
        var back = SystemdTranslator.Parse(new SystemdUnits("a.b", service), JobKind.Daemon, JobScope.System);
        Assert.Equal(definition.Dependencies, back.Dependencies);
        Assert.Empty(back.Unmodelled);
    }

    [Fact]
    public void Platform_rounding_and_expansion_are_warned_about()
    {
        Assert.Contains(Warnings("{ name: a.b, kind: daemon, program: /bin/a, schedule: { every: 1500ms } }", TargetOperatingSystem.MacOS), f => f.Code == "IntervalRounded");
        Assert.Contains(Warnings("{ name: a.b, kind: agent, program: 'C:\\tools\\a.exe', arguments: ['%TEMP%\\x'] }", TargetOperatingSystem.Windows), f => f.Code == "TaskExpandsVariables" && f.Path == "jobs[0].arguments[0]");
    }

    [Theory]
    [InlineData("{ name: com.example.a, kind: daemon, program: /bin/a }", true)]
    [InlineData("{ name: com.example.a, kind: agent, program: /bin/a }", true)]
    [InlineData("{ name: com.example.a, kind: loginItem, program: /Applications/A.app }", false)]
    [InlineData("{ name: com.example.a, kind: daemon, program: /bin/a, origin: machine }", false)]
    public void A_job_authored_for_macOS_warns_that_the_user_can_switch_it_off_in_Login_Items(string job, bool warned)
    {
        var warning = Warnings(job, TargetOperatingSystem.MacOS).SingleOrDefault(f => f.Code == "NeedsLoginItemsApproval");
        Assert.Equal(warned, warning is not null);
        Assert.True(warning is null || (warning.Message.Contains("com.apple.servicemanagement", StringComparison.Ordinal) && warning.Message.Contains("Label 'com.example.a'", StringComparison.Ordinal)));
        Assert.DoesNotContain(Warnings(job, TargetOperatingSystem.Linux), f => f.Code == "NeedsLoginItemsApproval");
    }

    [Theory]
    [InlineData("30s", true)]
    [InlineData("32d", true)]
    [InlineData("90500ms", true)]
    [InlineData("1m", false)]
    [InlineData("31d", false)]
    public void Task_Scheduler_repeats_every_minute_to_31_days_in_whole_seconds(string every, bool refused)
    {
        var job = $"{{ name: a.b, kind: agent, program: 'C:\\tools\\a.exe', schedule: {{ every: {every} }} }}";
        Assert.Equal(refused, Errors(job, TargetOperatingSystem.Windows).Any(f => f.Code == "IntervalUnsupported" && f.Path == "jobs[0].schedule.every"));
        Assert.DoesNotContain(Errors(job, TargetOperatingSystem.Linux), f => f.Code == "IntervalUnsupported");
    }

    [Fact]
    public void A_command_kept_in_its_native_form_is_said_to_be_so_not_missing()
    {
        var finding = Assert.Single(ConfigurationValidator.Validate(ConfigurationLoader.Parse("jobs:\n  - { name: a.b, kind: daemon, origin: machine, systemd: { Service: { ExecStart: \"/bin/a $ARG\" } } }\n", "job.yaml"), TargetOperatingSystem.Linux, PlatformRules.All), f => f.Path == "jobs[0].program");
        Assert.Equal(("ProgramNative", FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("ExecStart=/bin/a $ARG", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_desktop_entry_whose_exec_uses_field_codes_is_said_to_keep_its_command_native()
    {
        var result = ServiceManagement.Formats.DefinitionFormats.Find("desktop").Read!(System.Text.Encoding.UTF8.GetBytes("[Desktop Entry]\nType=Application\nName=x\nExec=/usr/bin/x %U\n"), "x.desktop");
        var finding = Assert.Single(ConfigurationValidator.Validate(result, TargetOperatingSystem.Linux, PlatformRules.All), f => f.Path.EndsWith("program", StringComparison.Ordinal));
        Assert.Equal(("ProgramNative", FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("Exec=/usr/bin/x %U", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_document_without_aliases_is_not_said_to_expand_through_them()
    {
        var text = "jobs:\n" + string.Concat(Enumerable.Range(0, 70_000).Select(i => $"  - {{ name: a{i}, kind: daemon, program: /bin/a }}\n"));
        var finding = Assert.Single(ConfigurationLoader.Parse(text, "big.yaml").Findings);
        Assert.DoesNotContain("alias", finding.Message, StringComparison.Ordinal);
    }
}
