using System.Text;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Windows;

/// <summary>
/// Agents as scheduled tasks, through schtasks, asserted by argv: Wine cannot run Task Scheduler, so what is
/// registered is checked here — the task XML file schtasks is given, and the commands around it.
/// </summary>
public class WindowsTaskTests
{
    private static readonly BackgroundJobDefinition Agent = new("com.example.sync", JobKind.Agent, JobScope.User)
    {
        User = "alice",
        Program = "C:\\Tools\\sync.exe",
        Arguments = ValueList<string>.From(new[] { "--quiet" }),
    };

    /// <summary>
    /// A runner that answers schtasks queries from <paramref name="installed"/>, then from the XML of the last /create
    /// (as Task Scheduler does; <paramref name="keeps"/> false: as Wine's does, which queries never find), and keeps
    /// the XML of every /create.
    /// </summary>
    private static (FakeCommandRunner Runner, List<string> Registered) Runner(string? installed = null, bool keeps = true)
    {
        var registered = new List<string>();
        var current = installed;
        var runner = new FakeCommandRunner(command =>
        {
            if (command.Arguments.Contains("/create"))
            {
                registered.Add(File.ReadAllText(command.Arguments[command.Arguments.ToList().IndexOf("/xml") + 1], Encoding.Unicode));
                current = keeps ? registered[^1] : current;
            }

            return command.Arguments.Contains("/query")
                ? current is null ? new CommandResult(1, string.Empty, "ERROR: The system cannot find the file specified.") : new CommandResult(0, current, string.Empty)
                : null;
        });
        return (runner, registered);
    }

    [Fact]
    public void A_task_schtasks_says_it_registered_but_no_query_finds_is_an_error_naming_it_and_is_deleted_again()
    {
        var (runner, _) = Runner(keeps: false);
        var platform = new WindowsPlatform(runner);
        var error = Assert.Throws<PlatformException>(() => platform.Commit(platform.Stage(new[] { Agent }, Array.Empty<InstalledJob>(), new WriteOptions())));
        Assert.Contains("\\ServiceManagement\\com.example.sync", error.Message, StringComparison.Ordinal);
        Assert.Contains("schtasks /query cannot find it", error.Message, StringComparison.Ordinal);
        Assert.Equal("schtasks /delete /tn \\ServiceManagement\\com.example.sync /f", runner.Lines[^1]);
    }

    [Fact]
    public void A_new_agent_is_registered_from_its_task_XML_and_run_when_asked()
    {
        var (runner, registered) = Runner();
        var platform = new WindowsPlatform(runner);

        var result = platform.Stage(new[] { Agent }, Array.Empty<InstalledJob>(), new WriteOptions { Start = true });
        var change = platform.Commit(result);

        Assert.Equal(new[] { "task:\\ServiceManagement\\com.example.sync" }, change.ChangedFiles);
        Assert.Equal(TaskTranslator.Render(Agent, "alice"), Assert.Single(registered));
        Assert.Equal(new[]
        {
            "schtasks /query /xml /tn \\ServiceManagement\\com.example.sync",
            "schtasks /create /xml " + runner.Commands[1].Arguments[2] + " /tn \\ServiceManagement\\com.example.sync /f",
            "schtasks /query /xml /tn \\ServiceManagement\\com.example.sync",
            "schtasks /run /tn \\ServiceManagement\\com.example.sync",
        }, runner.Lines);
        Assert.False(File.Exists(runner.Commands[1].Arguments[2]), "The temporary task XML is deleted.");
    }

    /// <summary>
    /// schtasks /query /fo csv /v as its documentation shows it: a header before each folder, a row per task
    /// (and per trigger), Last Result 267011 for a task that never ran.
    /// </summary>
    private const string TaskTable =
        "\"HostName\",\"TaskName\",\"Next Run Time\",\"Status\",\"Logon Mode\",\"Last Run Time\",\"Last Result\",\"Author\",\"Task To Run\"\r\n" +
        "\"HOST\",\"\\Microsoft\\Windows\\Defrag\\ScheduledDefrag\",\"N/A\",\"Ready\",\"Interactive/Background\",\"11/28/2026 3:00:00 AM\",\"0\",\"Microsoft\",\"%windir%\\system32\\defrag.exe -c\"\r\n" +
        "\r\n" +
        "\"HostName\",\"TaskName\",\"Next Run Time\",\"Status\",\"Logon Mode\",\"Last Run Time\",\"Last Result\",\"Author\",\"Task To Run\"\r\n" +
        "\"HOST\",\"\\ServiceManagement\\com.example.sync\",\"11/29/2026 11:30:00 PM\",\"Ready\",\"Interactive only\",\"11/29/2026 11:15:00 PM\",\"3\",\"alice\",\"C:\\Tools\\sync.exe --quiet, \"\"done\"\"\"\r\n" +
        "\"HOST\",\"\\ServiceManagement\\com.example.sync\",\"N/A\",\"Ready\",\"Interactive only\",\"11/29/2026 11:15:00 PM\",\"3\",\"alice\",\"C:\\Tools\\sync.exe --quiet, \"\"done\"\"\"\r\n" +
        "\"HOST\",\"\\ServiceManagement\\com.example.new\",\"N/A\",\"Ready\",\"Interactive only\",\"11/30/1999 12:00:00 AM\",\"267011\",\"alice\",\"C:\\Tools\\new.exe\"\r\n";

    [Fact]
    public void Tasks_last_and_next_run_and_result_come_from_one_schtasks_table()
    {
        var runner = new FakeCommandRunner(c => c.Arguments.Contains("csv") ? new CommandResult(0, TaskTable, string.Empty) : null);
        var platform = new WindowsPlatform(runner);
        var jobs = new[] { "com.example.sync", "com.example.new", "com.example.gone" }
            .Select(n => new InstalledJob(Agent with { Name = n, SourcePath = "\\ServiceManagement\\" + n, Platform = JobPlatform.WindowsTask }))
            .ToList();
        var statuses = platform.GetStatus(jobs);

        Assert.Equal(new[] { "schtasks /query /fo csv /v" }, runner.Lines);
        var sync = statuses[0];
        Assert.Equal(("com.example.sync", JobState.Failed, 3, "exited with 3 (0x3)"), (sync.Name, sync.State, sync.LastExitCode!.Value, sync.ExitReason));
        Assert.Equal(new DateTime(2026, 11, 29, 23, 15, 0), sync.LastRunAt!.Value.DateTime);
        Assert.Equal(new DateTime(2026, 11, 29, 23, 30, 0), sync.NextRunAt!.Value.DateTime);
        var fresh = statuses[1];
        Assert.Equal((JobState.Stopped, (int?)null, "has not run yet", (DateTimeOffset?)null), (fresh.State, fresh.LastExitCode, fresh.ExitReason, fresh.LastRunAt));
        Assert.Equal(JobState.NotLoaded, statuses[2].State);
    }

    [Fact]
    public void A_changed_agent_shows_the_XML_diff_and_is_ended_before_it_is_rerun()
    {
        var (runner, _) = Runner(TaskTranslator.Render(Agent, "alice"));
        var platform = new WindowsPlatform(runner);
        var changed = Agent with { Arguments = ValueList<string>.From(new[] { "--verbose" }) };

        var staged = platform.Stage(new[] { changed }, Array.Empty<InstalledJob>(), new WriteOptions { Start = true });

        var file = Assert.Single(staged.Files);
        Assert.Contains("<Arguments>--quiet</Arguments>", file.Before, StringComparison.Ordinal);
        Assert.Contains("<Arguments>--verbose</Arguments>", file.After, StringComparison.Ordinal);
        platform.Commit(staged);
        Assert.Equal(new[] { "/query", "/create", "/query", "/end", "/run" }, runner.Commands.Select(c => c.Arguments[0]));
    }

    [Fact]
    public void An_agent_is_ended_then_deleted_and_restored_from_its_old_XML()
    {
        var installed = TaskTranslator.Render(Agent, "alice");
        var (runner, registered) = Runner(installed);
        var platform = new WindowsPlatform(runner);
        var job = new InstalledJob(TaskTranslator.Parse(installed, Agent.Name) with { SourcePath = "\\ServiceManagement\\com.example.sync" });

        var staged = platform.Stage(Array.Empty<BackgroundJobDefinition>(), new[] { job }, new WriteOptions());
        platform.Commit(staged);
        platform.Restore(staged);

        Assert.Equal(new[]
        {
            "schtasks /query /xml /tn \\ServiceManagement\\com.example.sync",
            "schtasks /end /tn \\ServiceManagement\\com.example.sync",
            "schtasks /delete /tn \\ServiceManagement\\com.example.sync /f",
        }, runner.Lines.Take(3));
        Assert.Equal(installed, Assert.Single(registered));
    }

    [Theory]
    [InlineData(JobAction.Enable, "schtasks /change /tn \\ServiceManagement\\com.example.sync /enable")]
    [InlineData(JobAction.Disable, "schtasks /change /tn \\ServiceManagement\\com.example.sync /disable")]
    [InlineData(JobAction.Stop, "schtasks /end /tn \\ServiceManagement\\com.example.sync")]
    public void Control_of_a_task_is_one_schtasks_call(JobAction action, string expected)
    {
        var (runner, _) = Runner();
        var job = new InstalledJob(Agent with { Platform = JobPlatform.WindowsTask, SourcePath = "\\ServiceManagement\\com.example.sync" });
        new WindowsPlatform(runner).Control(new[] { job }, action);
        Assert.Equal(new[] { expected }, runner.Lines);
    }

    [Fact]
    public void A_failing_schtasks_is_a_platform_error_with_its_message()
    {
        var runner = new FakeCommandRunner(c => c.Arguments.Contains("/create") ? new CommandResult(1, string.Empty, "ERROR: Access is denied.") : new CommandResult(1, string.Empty, string.Empty));
        var platform = new WindowsPlatform(runner);
        var error = Assert.Throws<ServiceManagement.Errors.PlatformException>(() => platform.Commit(platform.Stage(new[] { Agent }, Array.Empty<InstalledJob>(), new WriteOptions())));
        Assert.Contains("Access is denied", error.Message, StringComparison.Ordinal);
    }
}
