using System.Text;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Windows;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Windows;

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

    /// <summary>A runner that answers schtasks queries from <paramref name="installed"/> and keeps the XML of every /create.</summary>
    private static (FakeCommandRunner Runner, List<string> Registered) Runner(string? installed = null)
    {
        var registered = new List<string>();
        var runner = new FakeCommandRunner(command =>
        {
            if (command.Arguments.Contains("/create"))
            {
                registered.Add(File.ReadAllText(command.Arguments[command.Arguments.ToList().IndexOf("/xml") + 1], Encoding.Unicode));
            }

            return command.Arguments.Contains("/query")
                ? installed is null ? new CommandResult(1, string.Empty, "ERROR: The system cannot find the file specified.") : new CommandResult(0, installed, string.Empty)
                : null;
        });
        return (runner, registered);
    }

    [Fact]
    public void A_new_agent_is_registered_from_its_task_XML_and_run_when_asked()
    {
        var (runner, registered) = Runner();
        var platform = new WindowsPlatform(runner);

        var result = platform.Stage(new[] { Agent }, Array.Empty<InstalledJob>(), new WriteOptions { Start = true });
        var change = platform.Commit(result);

        Assert.Equal(new[] { "task:\\ServiceManagement\\com.example.sync" }, change.ChangedFiles);
        Assert.Equal(TaskTranslator.Render(Agent), Assert.Single(registered));
        Assert.Equal(new[]
        {
            "schtasks /query /xml /tn \\ServiceManagement\\com.example.sync",
            "schtasks /create /xml " + runner.Commands[1].Arguments[2] + " /tn \\ServiceManagement\\com.example.sync /f",
            "schtasks /run /tn \\ServiceManagement\\com.example.sync",
        }, runner.Lines);
        Assert.False(File.Exists(runner.Commands[1].Arguments[2]), "The temporary task XML is deleted.");
    }

    [Fact]
    public void A_changed_agent_shows_the_XML_diff_and_is_ended_before_it_is_rerun()
    {
        var (runner, _) = Runner(TaskTranslator.Render(Agent));
        var platform = new WindowsPlatform(runner);
        var changed = Agent with { Arguments = ValueList<string>.From(new[] { "--verbose" }) };

        var staged = platform.Stage(new[] { changed }, Array.Empty<InstalledJob>(), new WriteOptions { Start = true });

        var file = Assert.Single(staged.Files);
        Assert.Contains("<Arguments>--quiet</Arguments>", file.Before, StringComparison.Ordinal);
        Assert.Contains("<Arguments>--verbose</Arguments>", file.After, StringComparison.Ordinal);
        platform.Commit(staged);
        Assert.Equal(new[] { "/query", "/create", "/end", "/run" }, runner.Commands.Select(c => c.Arguments[0]));
    }

    [Fact]
    public void An_agent_is_ended_then_deleted_and_restored_from_its_old_XML()
    {
        var installed = TaskTranslator.Render(Agent);
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
        var error = Assert.Throws<Errors.PlatformException>(() => platform.Commit(platform.Stage(new[] { Agent }, Array.Empty<InstalledJob>(), new WriteOptions())));
        Assert.Contains("Access is denied", error.Message, StringComparison.Ordinal);
    }
}
