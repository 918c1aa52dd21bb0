using System.Xml.Linq;
using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Formats;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Windows;

/// <summary>
/// The pure Windows translators: golden files, read-back, and the settings Wine does not implement (failure
/// actions, delayed auto-start, accounts, task triggers and settings), which only these tests cover.
/// </summary>
public class WindowsTranslatorTests
{
    private static BackgroundJobDefinition Job(string yaml) =>
        ConfigurationLoader.Parse("jobs:\n" + yaml, "windows.yaml").Document!.Entries[0].Definition;

    private static readonly BackgroundJobDefinition Web = Job("""
          - name: com.example.web
            kind: daemon
            program: 'C:\Program Files\Web\web.exe'
            arguments: [--port, "8080", 'C:\data dir\', 'say "hi"']
            environment: { TZ: UTC, EMPTY: "" }
            runAs: { account: 'NT SERVICE\com.example.web' }
            description: Web server
            restart: { policy: onFailure, delay: 5s, throttle: { burst: 3, interval: 1h } }
            dependencies: [Tcpip]
            windows: { DelayedAutoStart: true, DisplayName: Example web server }
        """);

    private static readonly BackgroundJobDefinition Sync = Job("""
          - name: com.example.sync
            kind: agent
            user: alice
            program: 'C:\Tools\sync.exe'
            arguments: [--quiet]
            workingDirectory: 'C:\Users\alice'
            description: Sync
            schedule: { cron: "0,30 2 * * 1-5" }
            restart: { policy: always, delay: 2m }
        """);

    private static readonly BackgroundJobDefinition Poll = Job("""
          - name: com.example.poll
            kind: daemon
            program: 'C:\Tools\poll.exe'
            schedule: { every: 15m }
            resourceLimits: { nice: 10 }
        """);

    private static readonly BackgroundJobDefinition Tray = Job("""
          - name: com.example.tray
            kind: agent
            scope: system
            program: 'C:\Program Files\Tray\tray.exe'
        """);

    private static readonly BackgroundJobDefinition Notes = Job("""
          - name: com.example.notes
            kind: loginItem
            program: 'C:\Program Files\Notes\notes.exe'
            arguments: [--minimized]
            startupType: disabled
        """);

    [Theory]
    [InlineData("sandbox: strict", "Restricted", "SeChangeNotifyPrivilege")]
    [InlineData("sandbox: basic", "Unrestricted", "")]
    [InlineData("sandbox: { privileges: none }", null, "SeChangeNotifyPrivilege")]
    [InlineData("sandbox: { profile: basic, privileges: none }", "Unrestricted", "SeChangeNotifyPrivilege")]
    public void A_sandbox_becomes_the_service_SID_type_and_privileges_and_reads_back_as_itself(string sandbox, string? sidType, string privileges)
    {
        var definition = Job($$"""
              - { name: com.example.svc, kind: daemon, program: 'C:\svc.exe', {{sandbox}} }
            """);
        var service = ServiceTranslator.Render(definition);
        Assert.Equal(sidType, service.SidType);
        Assert.Equal(privileges, string.Join(",", service.RequiredPrivileges));
        var back = ServiceTranslator.Parse(ServiceConfiguration.FromJson(service.ToJson(), "svc").Single());
        Assert.Equal((definition.Sandbox, definition.Confinement), (back.Sandbox, back.Confinement));
        Assert.Empty(back.Windows);
    }

    [Fact]
    public void A_service_SID_type_or_privileges_no_sandbox_writes_stay_raw()
    {
        var service = ServiceTranslator.Render(Job("""
              - { name: com.example.svc, kind: daemon, program: 'C:\svc.exe', windows: { ServiceSidType: Restricted, RequiredPrivileges: [SeChangeNotifyPrivilege, SeTimeZonePrivilege] } }
            """));
        var back = ServiceTranslator.Parse(ServiceConfiguration.FromJson(service.ToJson(), "svc").Single());
        Assert.Null(back.Sandbox);
        Assert.Equal(new[] { "RequiredPrivileges", "ServiceSidType" }, back.Windows.Keys);
    }

    [Fact]
    public void An_activation_name_is_a_start_trigger_on_that_named_pipe_of_a_demand_start_service()
    {
        var service = ServiceTranslator.Render(Job("""
              - { name: com.example.echo, kind: daemon, program: 'C:\echo.exe', activation: { name: org.example.Echo } }
            """));
        Golden.Assert("windows/com.example.echo.scm.json", service.ToJson());
        Assert.Equal(ServiceStartType.Manual, service.StartType);
        Assert.Equal(new[] { "org.example.Echo" }, service.StartPipes);
        var back = ServiceTranslator.Parse(ServiceConfiguration.FromJson(service.ToJson(), "svc").Single());
        Assert.Equal("org.example.Echo", back.Activation?.Name);
        Assert.Null(back.StartupType);
        Assert.Empty(back.Windows);

        // A vendor's several pipes are kept as they are, and written back the same.
        var vendor = ServiceTranslator.Parse(service with { StartPipes = ValueList.Of("one", "two") });
        Assert.Null(vendor.Activation);
        Assert.Equal(new[] { "one", "two" }, ServiceTranslator.Render(vendor).StartPipes);
    }

    [Fact]
    public void A_service_renders_its_whole_configuration()
    {
        var service = ServiceTranslator.Render(Web);
        Golden.Assert("windows/com.example.web.scm.json", service.ToJson());
        Assert.Equal("\"C:\\Program Files\\Web\\web.exe\" --port 8080 \"C:\\data dir\\\\\" \"say \\\"hi\\\"\"", service.ImagePath);
        Assert.Equal("Unrestricted", service.SidType);
        Assert.Equal(new[] { true, true, true, false }, service.FailureActions!.Actions.Select(a => a.Restart));
        Assert.True(service.FailureActions.OnNonCrashFailures);
        Assert.Equal(3600, service.FailureActions.ResetPeriodSeconds);
        Assert.True(service.DelayedAutoStart);
    }

    [Fact]
    public void A_service_reads_back_as_the_definition_it_came_from()
    {
        var service = ServiceTranslator.Render(Web);
        var read = ServiceTranslator.Parse(ServiceConfiguration.FromJson(service.ToJson(), "web.json").Single());
        Assert.Equal(Web with { Managed = true, Platform = JobPlatform.WindowsService, Origin = JobOrigin.Machine }, read);
    }

    [Theory]
    [InlineData(null, "LocalSystem")]
    [InlineData("LocalService", "NT AUTHORITY\\LocalService")]
    [InlineData("networkservice", "NT AUTHORITY\\NetworkService")]
    [InlineData("NT AUTHORITY\\SYSTEM", "LocalSystem")]
    [InlineData("CONTOSO\\svc-web$", "CONTOSO\\svc-web$")]
    [InlineData("CONTOSO\\alice", "CONTOSO\\alice")]
    public void Accounts_are_written_as_the_SCM_stores_them(string? account, string stored)
    {
        Assert.Equal(stored, ServiceTranslator.Account(account));
    }

    [Theory]
    [InlineData("LocalSystem", true)]
    [InlineData("NT AUTHORITY\\LocalService", true)]
    [InlineData("NT SERVICE\\web", true)]
    [InlineData("CONTOSO\\svc-web$", true)]
    [InlineData("CONTOSO\\alice", false)]
    public void Only_real_user_accounts_need_a_password(string account, bool none)
    {
        Assert.Equal(none, ServiceTranslator.NeedsNoPassword(account));
    }

    [Fact]
    public void Restart_always_without_a_throttle_is_one_repeating_restart_with_the_flag()
    {
        var service = ServiceTranslator.Render(Web with { Restart = new RestartPolicy(RestartCondition.Always), RunAs = null, Windows = ValueMap<RawValue>.Empty });
        Assert.Equal(new ServiceFailureActions(86400, ValueList<ServiceFailureAction>.From(new[] { new ServiceFailureAction(true, 0) })) { OnNonCrashFailures = true }, service.FailureActions);
        Assert.Equal("LocalSystem", service.Account);
        Assert.Null(service.SidType);
    }

    [Fact]
    public void An_unknown_raw_setting_is_refused_not_dropped()
    {
        var error = Assert.Throws<UnsupportedFormatException>(() => ServiceTranslator.Render(Web with { Windows = ValueMap<RawValue>.From(new[] { ("Colour", (RawValue)new RawScalar("blue")) }) }));
        Assert.Contains("Colour", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("com.example.sync")]
    [InlineData("com.example.poll")]
    [InlineData("com.example.tray")]
    public void Tasks_render_as_their_golden_files(string name)
    {
        var job = new[] { Sync, Poll, Tray }.Single(j => j.Name == name);
        Golden.Assert($"windows/{name}.task.xml", TaskTranslator.Render(job, "alice"));
    }

    [Fact]
    public void Every_task_runs_without_a_time_limit_and_on_batteries()
    {
        foreach (var job in new[] { Sync, Poll, Tray })
        {
            var settings = XDocument.Parse(TaskTranslator.Render(job, "alice")).Root!.Elements().Single(e => e.Name.LocalName == "Settings");
            Assert.Equal("PT0S", settings.Elements().Single(e => e.Name.LocalName == "ExecutionTimeLimit").Value);
            Assert.Equal("false", settings.Elements().Single(e => e.Name.LocalName == "DisallowStartIfOnBatteries").Value);
            Assert.Equal("false", settings.Elements().Single(e => e.Name.LocalName == "StopIfGoingOnBatteries").Value);
        }
    }

    [Fact]
    public void An_agent_for_every_user_runs_at_any_logon_as_the_users_group_with_least_privilege()
    {
        var task = XDocument.Parse(TaskTranslator.Render(Tray, "alice")).Root!;
        var principal = task.Descendants().Single(e => e.Name.LocalName == "Principal");
        Assert.Equal("S-1-5-32-545", principal.Elements().Single(e => e.Name.LocalName == "GroupId").Value);
        Assert.Equal("LeastPrivilege", principal.Elements().Single(e => e.Name.LocalName == "RunLevel").Value);
        var logon = task.Descendants().Single(e => e.Name.LocalName == "LogonTrigger");
        Assert.DoesNotContain(logon.Elements(), e => e.Name.LocalName == "UserId");
    }

    [Fact]
    public void Cron_lists_become_one_calendar_trigger_per_time_and_read_back_exactly()
    {
        var xml = TaskTranslator.Render(Sync, "alice");
        var triggers = XDocument.Parse(xml).Descendants().Where(e => e.Name.LocalName == "CalendarTrigger").ToList();
        Assert.Equal(new[] { "2000-01-01T02:00:00", "2000-01-01T02:30:00" }, triggers.Select(t => t.Elements().Single(e => e.Name.LocalName == "StartBoundary").Value));
        Assert.All(triggers, t => Assert.Equal("Enabled", t.Elements().First().Name.LocalName));
        Assert.All(triggers, t => Assert.Equal(new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }, t.Descendants().Where(e => e.Parent!.Name.LocalName == "DaysOfWeek").Select(e => e.Name.LocalName)));
        var read = TaskTranslator.Parse(xml, "com.example.sync");
        Assert.Equal(Sync.Schedule, read.Schedule);
        Assert.Equal(Sync.Arguments, read.Arguments);
        Assert.Equal("alice", read.User);
        Assert.True(read.Managed);
    }

    [Fact]
    public void Cron_every_five_minutes_is_one_repeating_trigger_per_day_pattern()
    {
        var job = Poll with { Schedule = Schedule.OnCron("*/5 * * * *") };
        var triggers = XDocument.Parse(TaskTranslator.Render(job, "alice")).Descendants().Where(e => e.Name.LocalName == "CalendarTrigger").ToList();
        var trigger = Assert.Single(triggers);
        Assert.Equal("PT5M", trigger.Descendants().Single(e => e.Name.LocalName == "Interval").Value);
        Assert.Equal("P1D", trigger.Descendants().Single(e => e.Name.LocalName == "Duration").Value);
    }

    [Fact]
    public void Cron_needing_more_than_48_triggers_is_refused()
    {
        var job = Poll with { Schedule = Schedule.OnCron("7,13,29 1-20 * * *") };
        var error = Assert.Throws<UnsupportedFormatException>(() => TaskTranslator.Render(job, "alice"));
        Assert.Contains("60 calendar triggers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_day_fields_restricted_run_on_either_as_cron_does()
    {
        var job = Poll with { Schedule = Schedule.OnCron("0 3 1 * 0") };
        var patterns = XDocument.Parse(TaskTranslator.Render(job, "alice")).Descendants().Where(e => e.Name.LocalName is "ScheduleByMonth" or "ScheduleByWeek").Select(e => e.Name.LocalName);
        Assert.Equal(new[] { "ScheduleByMonth", "ScheduleByWeek" }, patterns);
    }

    [Fact]
    public void A_login_item_is_a_quoted_Run_value_switched_off_by_StartupApproved()
    {
        var value = RunKeyTranslator.Render(Notes);
        Assert.Equal(new RunValue(RunKeyTranslator.UserRun, "com.example.notes", "\"C:\\Program Files\\Notes\\notes.exe\" --minimized", Enabled: false), value);
        Assert.Equal("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run", value.ApprovalKey);
        var reg = RunKeyTranslator.WriteRegFile(new[] { value });
        Golden.Assert("windows/com.example.notes.reg", reg);
        Assert.Equal(new[] { value }, RunKeyTranslator.ReadRegFile(reg, "notes.reg"));
    }

    [Theory]
    [InlineData("HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce", "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\RunOnce")]
    [InlineData("HKEY_LOCAL_MACHINE\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run", "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run32")]
    public void Each_Run_key_has_its_StartupApproved_key(string run, string approval)
    {
        Assert.Equal(approval, RunKeyTranslator.ApprovalKeyOf(run));
    }

    [Theory]
    [InlineData("scm", "com.example.web")]
    [InlineData("task", "com.example.sync")]
    [InlineData("task", "com.example.poll")]
    [InlineData("runkey", "com.example.notes")]
    public void Convert_writes_each_form_and_reads_it_back(string formatName, string name)
    {
        var job = new[] { Web, Sync, Poll, Notes }.Single(j => j.Name == name);
        var format = DefinitionFormats.Find(formatName);
        var text = format.Write!(new[] { new ConfigurationEntry(job) });
        var read = format.Read!(System.Text.Encoding.UTF8.GetBytes(text), name + ".native");
        Assert.Empty(read.Findings);
        var back = Assert.Single(read.Document!.Entries).Definition;
        Assert.Equal(job.Name, back.Name);
        Assert.Equal(job.Program, back.Program);
        Assert.Equal(job.Arguments, back.Arguments);
        Assert.Equal(job.Schedule, back.Schedule);
        Assert.Equal(job.Kind, back.Kind);
    }

    [Fact]
    public void Convert_refuses_a_job_the_form_cannot_hold()
    {
        var error = Assert.Throws<UnsupportedFormatException>(() => DefinitionFormats.Find("scm").Write!(new[] { new ConfigurationEntry(Notes) }));
        Assert.Contains("--to task or --to runkey", error.Message, StringComparison.Ordinal);
    }
}
