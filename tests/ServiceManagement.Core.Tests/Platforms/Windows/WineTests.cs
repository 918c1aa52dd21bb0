using System.Text.Json;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Windows;

[CollectionDefinition("wine")]
public sealed class WineCollection : ICollectionFixture<WineHarness>
{
}

/// <summary>
/// The Windows backend against Wine's real service control manager and registry. Wine does not implement
/// failure actions, delayed auto-start, crash detection, service accounts, applying a service key's
/// Environment to the process, or running Task Scheduler tasks: WindowsTranslatorTests cover those settings.
/// </summary>
[Collection("wine")]
public sealed class WineTests
{
    private readonly WineHarness _wine;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public WineTests(WineHarness wine, Xunit.Abstractions.ITestOutputHelper output)
    {
        _wine = wine;
        _output = output;
    }

    private static string[] Strings(JsonElement observed, string key) => observed.GetProperty(key).EnumerateArray().Select(e => e.GetString()!).ToArray();

    [WineFact]
    public void A_service_is_created_started_with_arguments_stopped_and_deleted()
    {
        var observed = _wine.Scenario("scm", _wine.Service, "C:\\sm\\record.txt");

        var imagePath = WindowsCommandLine.Join(_wine.Service, new[] { "C:\\sm\\record.txt", "two words", "say \"hi\"" });
        Assert.Equal(imagePath, observed.GetProperty("imagePath").GetString());
        Assert.Equal("created by the Wine tests", observed.GetProperty("description").GetString());
        Assert.Equal(new[] { "SM_TEST=hello world" }, Strings(observed, "environment"));
        Assert.True(observed.GetProperty("managed").GetBoolean());
        Assert.Equal("Manual", observed.GetProperty("startType").GetString());
        Assert.Equal("LocalSystem", observed.GetProperty("account").GetString());
        Assert.True(observed.GetProperty("enumerated").GetBoolean());
        Assert.Equal("Stopped", observed.GetProperty("stateBeforeStart").GetString());
        Assert.Equal("Running", observed.GetProperty("stateAfterStart").GetString());
        var pid = observed.GetProperty("pid").GetInt32();
        Assert.True(observed.GetProperty("processExists").GetBoolean());

        // What the service itself saw: the image path as its command line, which splits back into the
        // arguments given, then StartService's arguments, and its own process id.
        var record = Strings(observed, "record");
        Assert.Equal("commandline=" + imagePath, record[0]);
        Assert.Equal(new[] { _wine.Service, "C:\\sm\\record.txt", "two words", "say \"hi\"" }, WindowsCommandLine.Split(record[0].Substring("commandline=".Length)));
        Assert.Equal(new[] { "argument=alpha", "argument=beta gamma" }, record.Where(l => l.StartsWith("argument=", StringComparison.Ordinal)));
        Assert.Contains("pid=" + pid, record);

        Assert.Equal("changed", observed.GetProperty("changedDescription").GetString());
        Assert.Equal("Automatic", observed.GetProperty("changedStartType").GetString());

        // A start trigger on a named pipe (an activation name). Wine 8.0 has none: ChangeServiceConfig2W's level 8 fails in
        // its RPC layer (1733, RPC_S_INVALID_TAG: its svcctl union lacks the level) and QueryServiceConfig2W's with
        // ERROR_INVALID_LEVEL (124), which reads as no trigger. The refusal must be the typed error naming the level; where a
        // system holds triggers, the pipe must read back. WindowsTranslatorTests cover the trigger's form.
        var written = observed.GetProperty("startPipesWritten").GetString()!;
        _output.WriteLine($"start trigger on a named pipe: {written}; query code {observed.GetProperty("startPipesQueryCode").GetInt32()}");
        if (written == "ok")
        {
            Assert.Equal(new[] { "sm.wine.echo" }, Strings(observed, "startPipes"));
        }
        else
        {
            Assert.StartsWith("PlatformException", written, StringComparison.Ordinal);
            Assert.Contains("(level 8: start triggers)", written, StringComparison.Ordinal);
            Assert.Equal(124, observed.GetProperty("startPipesQueryCode").GetInt32());
            Assert.Empty(Strings(observed, "startPipes"));
        }

        Assert.Equal("ok", observed.GetProperty("startPipesCleared").GetString());
        Assert.Empty(Strings(observed, "startPipesAfterClear"));
        Assert.Equal("Stopped", observed.GetProperty("stateAfterStop").GetString());
        Assert.True(observed.GetProperty("queryAfterDelete").GetBoolean());
        Assert.True(observed.GetProperty("statusAfterDelete").GetBoolean());
    }

    [WineFact]
    public void A_services_stop_is_announced_by_the_service_control_manager_not_found_at_an_interval()
    {
        var observed = _wine.Scenario("watch", _wine.Service, "C:\\sm\\watched.txt");

        // The manager's announcements (NotifyServiceStatusChangeW) told the service leave Running and end Stopped; the
        // interval was ten minutes and the timeout thirty seconds, so no reading at the interval could have seen it.
        _output.WriteLine($"the stop was announced within {observed.GetProperty("watchedWithinMs").GetInt64()} ms");
        var watched = Strings(observed, "watched");
        Assert.StartsWith("sm.wine.watched Running->", watched[0], StringComparison.Ordinal);
        Assert.All(watched, w => Assert.StartsWith("sm.wine.watched ", w, StringComparison.Ordinal));
        Assert.EndsWith("->Stopped", watched[^1], StringComparison.Ordinal);
    }

    [WineFact]
    public void The_SCMs_error_codes_become_typed_errors_or_success_where_the_state_holds()
    {
        var observed = _wine.Scenario("scm-errors", _wine.Service, "C:\\sm\\errors.txt");

        Assert.Equal(1073, observed.GetProperty("duplicateCode").GetInt32());
        Assert.StartsWith("JobExistsException", observed.GetProperty("duplicate").GetString(), StringComparison.Ordinal);
        Assert.Equal(1060, observed.GetProperty("openMissingCode").GetInt32());
        Assert.StartsWith("JobNotFoundException", observed.GetProperty("missingStart").GetString(), StringComparison.Ordinal);
        Assert.Equal(1056, observed.GetProperty("startTwiceCode").GetInt32());
        Assert.Equal("ok", observed.GetProperty("startTwice").GetString());
        Assert.Equal(1062, observed.GetProperty("stopTwiceCode").GetInt32());
        Assert.Equal("ok", observed.GetProperty("stopTwice").GetString());
    }

    /// <summary>
    /// The module as a user's PowerShell on Windows runs it: tests/windows/Windows.Tests.ps1 with Pester 5.7.1
    /// in PowerShell 7.6.9 (the SDK host), against the module as laid out for shipping.
    /// </summary>
    [WineFact]
    public void The_module_passes_its_Windows_Pester_suite_in_PowerShell()
    {
        Assert.True(File.Exists(Repo.PathOf("artifacts", "pester", "pester", "5.7.1", "tools", "Pester.psd1")), "Pester 5.7.1 is not restored (tests/run.sh restores it).");
        Directory.CreateDirectory(_wine.Drive("C:\\sm\\windows"));
        foreach (var script in Directory.GetFiles(Repo.PathOf("tests", "windows"), "*.ps1"))
        {
            File.Copy(script, _wine.Drive("C:\\sm\\windows\\" + Path.GetFileName(script)), overwrite: true);
        }

        var output = _wine.PowerShell("C:\\sm\\windows\\Invoke-WindowsTests.ps1", "C:\\sm\\pester\\Pester.psd1", "C:\\sm\\modules\\ServiceManagement\\ServiceManagement.psd1", _wine.Service);
        _output.WriteLine(output);
        var counts = System.Text.RegularExpressions.Regex.Match(output, @"Windows Pester: (\d+) passed, (\d+) failed, (\d+) skipped");
        Assert.True(counts.Success, output);
        Assert.True(counts.Groups[2].Value == "0" && int.Parse(counts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 7, output);
    }

    /// <summary>Wine's own services and one installed by hand export, load as a configuration file and plan back as no change.</summary>
    [WineFact]
    public void The_machines_services_export_and_plan_back_as_no_change()
    {
        var observed = _wine.Scenario("export-plan", _wine.Service, "C:\\sm\\vendor.txt");

        var exported = Strings(observed, "exported");
        Assert.Contains("WindowsService sm.wine.vendor", exported);
        Assert.True(exported.Count(e => e.StartsWith("WindowsService ", StringComparison.Ordinal)) > 5, string.Join(", ", exported));
        Assert.Empty(Strings(observed, "errors"));
        Assert.Equal(exported.Length, observed.GetProperty("planned").GetInt32());
        Assert.Empty(Strings(observed, "changes"));
        Assert.False(observed.GetProperty("vendorManaged").GetBoolean());

        // Never started since boot (Win32 exit code 1077) is stopped, not failed.
        Assert.Equal(1077, observed.GetProperty("vendorRawExitCode").GetInt32());
        Assert.Equal("Stopped", observed.GetProperty("vendorState").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, observed.GetProperty("vendorExitCode").ValueKind);
        Assert.Equal("changed by admin", observed.GetProperty("changedDescription").GetString());
        Assert.False(observed.GetProperty("changedManaged").GetBoolean());
    }

    [WineFact]
    public void The_engine_creates_reads_back_plans_nothing_more_stops_and_removes_a_daemon()
    {
        var observed = _wine.Scenario("platform", _wine.Service, "C:\\sm\\platform.txt");

        Assert.Equal(new[] { "scm:\\sm.wine.daemon" }, Strings(observed, "changed"));
        Assert.Equal(new[] { "sm.wine.daemon" }, Strings(observed, "found"));
        Assert.True(observed.GetProperty("managed").GetBoolean());
        Assert.Equal(_wine.Service, observed.GetProperty("program").GetString());
        Assert.Equal(new[] { "C:\\sm\\platform.txt", "x y" }, Strings(observed, "arguments"));
        Assert.Equal("Running", observed.GetProperty("state").GetString());
        Assert.Contains("pid=" + observed.GetProperty("pid").GetInt32(), Strings(observed, "record"));
        Assert.Equal(new[] { "NoChange " }, Strings(observed, "planAfterCreate"));
        Assert.Equal(new[] { "Update description" }, Strings(observed, "planAfterChange"));
        Assert.Contains("-  \"description\": \"engine test\",", observed.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Contains("+  \"description\": \"changed\",", observed.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Equal("Stopped", observed.GetProperty("stateAfterStop").GetString());
        Assert.Equal(0, observed.GetProperty("foundAfterRemove").GetInt32());

        // A user account needs its password, which only ever goes to CreateService.
        Assert.StartsWith("InvalidDefinitionException", observed.GetProperty("passwordMissing").GetString(), StringComparison.Ordinal);
        Assert.Contains("needs its password", observed.GetProperty("passwordMissing").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", observed.GetProperty("withPassword").GetString());
        Assert.Equal("WINE\\alice", observed.GetProperty("userAccount").GetString());
        Assert.DoesNotContain("s3cret!", File.ReadAllText(Path.Combine(_wine.Prefix, "system.reg")), StringComparison.Ordinal);
    }

    [WineFact]
    public void Login_items_round_trip_through_Run_and_StartupApproved_and_inventory_reads_every_startup_place()
    {
        var startup = _wine.Drive($"C:\\users\\{Environment.UserName}\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp");
        Directory.CreateDirectory(startup);
        File.WriteAllBytes(Path.Combine(startup, "sm-shortcut.lnk"), ShellLinkBuilder.Build("C:\\Tools\\shortcut.exe", "--from \"a shortcut\"", "C:\\Tools"));

        var observed = _wine.Scenario("login-items");

        Assert.Equal("\"C:\\Program Files\\Notes\\notes.exe\" --minimized \"two words\"", observed.GetProperty("runValue").GetString());
        Assert.Equal(new[] { 3, 0, 0, 0 }, observed.GetProperty("approvalDisabled").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(observed.GetProperty("readManaged").GetBoolean());
        Assert.Equal("Disabled", observed.GetProperty("readStartupType").GetString());
        Assert.Equal(new[] { "--minimized", "two words" }, Strings(observed, "readArguments"));
        Assert.Equal(StartupApproved.Encode(enabled: true).Select(b => (int)b), observed.GetProperty("approvalEnabled").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(observed.GetProperty("enabledAfter").GetBoolean());
        Assert.Equal(new[]
        {
            "sm-shortcut|User|False|C:\\Tools\\shortcut.exe|--from a shortcut|" + observed.GetProperty("startupFolder").GetString() + "\\sm-shortcut.lnk",
            "sm.wine.login|User|True|C:\\Program Files\\Notes\\notes.exe|--minimized two words|HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\sm.wine.login",
            "sm.wine.once|User|False|C:\\once.exe|--first|HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce\\sm.wine.once",
            "sm.wine.wow|System|False|C:\\x86\\tool.exe|/quiet|HKEY_LOCAL_MACHINE\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run\\sm.wine.wow",
        }, Strings(observed, "inventory"));
        Assert.StartsWith("JobNotManagedException", observed.GetProperty("removeUnmanaged").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, observed.GetProperty("afterRemove").GetInt32());
        Assert.Equal(JsonValueKind.Null, observed.GetProperty("markerAfterRemove").ValueKind);
    }

    [WineFact]
    public void A_Run_value_written_by_the_engine_runs_at_the_next_logon()
    {
        var touched = _wine.Drive("C:\\sm\\touched.txt");
        File.Delete(touched);

        var observed = _wine.Scenario("logon-write", _wine.Service, "C:\\sm\\touched.txt");
        Assert.Equal(new[] { "sm.wine.logon starts at the next logon." }, Strings(observed, "notes"));
        Assert.False(File.Exists(touched));

        // wineboot is Wine's logon: it runs the Run keys, as Explorer does when a user logs on. It also
        // restarts the session, after which new services no longer start: the prefix is shut down after it.
        try
        {
            Assert.Equal(0, _wine.Wine("logon", TimeSpan.FromMinutes(2), "wineboot"));
            Assert.True(SpinWait.SpinUntil(() => File.Exists(touched), TimeSpan.FromSeconds(30)), "The Run value did not run at the simulated logon.");
        }
        finally
        {
            _wine.Shutdown();
        }
    }
}
