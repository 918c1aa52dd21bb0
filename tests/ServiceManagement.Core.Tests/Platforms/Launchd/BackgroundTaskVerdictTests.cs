using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Launchd;

/// <summary>
/// What Background Task Management says of jobs: on this Mac through a fake sfltool (the runner answers as sfltool
/// does, with a real macOS 27 dump), and of a volume through a dump file; status gives launchd's state with the reason.
/// </summary>
public sealed class BackgroundTaskVerdictTests : IDisposable
{
    private const string AgentSwitchedOff =
        " #1:\n                 Name: sync\n                 Type: legacy agent (0x10008)\n          Disposition: [enabled, disallowed, notified] (0x9)\n" +
        "           Identifier: 8.com.alice.sync\n                  URL: file:///Users/alice/Library/LaunchAgents/com.alice.sync.plist\n";

    private readonly FakeRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static string Udeck => File.ReadAllText(Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Samples", "btm", "udeck-macos27.txt"));

    private static FakeCommandRunner Runner(Func<string, CommandResult?> answer) =>
        new(command => answer(string.Join(" ", new[] { command.Program }.Concat(command.Arguments))));

    [Fact]
    public void On_this_Mac_sfltool_is_asked_once_and_an_application_registered_to_open_at_login_is_a_read_only_login_item()
    {
        var runner = Runner(line => line switch
        {
            "sfltool dumpbtm" => new CommandResult(0, Udeck, string.Empty),
            "id -nu 501" => new CommandResult(0, "alice\n", string.Empty),
            _ => null,
        });
        var platform = new MacPlatform(new MacLayout("/", "root", runner), runner);

        var udeck = Assert.Single(platform.GetJobs(JobQuery.All), j => j.Definition.Name == "place.unicorns.udeck");
        Assert.Equal((JobKind.LoginItem, JobScope.User, "alice", "/Applications/uDeck.app", "Background Task Management"),
            (udeck.Definition.Kind, udeck.Definition.Scope, udeck.Definition.User, udeck.Definition.Program, udeck.Definition.SourcePath));
        Assert.Equal("allowed", udeck.BackgroundTask!.Verdict);
        platform.GetJobs(JobQuery.All);
        Assert.Single(runner.Lines, l => l == "sfltool dumpbtm");
        Assert.Empty(platform.Notices);

        var status = Assert.Single(platform.GetStatus(new[] { udeck }));
        Assert.Equal(("opened at login (Background Task Management)", (string?)null), (status.NativeState, status.Reason));
        var refusal = Assert.Throws<PlatformException>(() => platform.Stage(Array.Empty<BackgroundJobDefinition>(), new[] { udeck }, new WriteOptions { Force = true }));
        Assert.Contains("registered by its application", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_sfltool_refuses_that_is_said_once_and_the_jobs_are_still_read()
    {
        var runner = Runner(line => line == "sfltool dumpbtm" ? new CommandResult(1, string.Empty, "sfltool[915:7291] authorization failed\n") : null);
        var platform = new MacPlatform(new MacLayout("/", "alice", runner), runner);

        platform.GetJobs(JobQuery.All);
        platform.GetJobs(JobQuery.All);

        var notice = Assert.Single(platform.Notices);
        Assert.Contains("sfltool dumpbtm: exited with 1: sfltool[915:7291] authorization failed", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disallowed_agent_reads_as_launchd_has_it_with_the_reason_and_a_warning()
    {
        _root.Write("/Users/alice/Library/LaunchAgents/com.alice.sync.plist", LaunchdTranslator.Render(new BackgroundJobDefinition("com.alice.sync", JobKind.Agent, JobScope.User) { User = "alice", Program = "/usr/local/bin/sync", StartupType = StartupType.Automatic }).Content);
        var dump = _root.Write("/evidence/btm.txt", AgentSwitchedOff);
        var runner = Runner(line => line switch
        {
            "id -u alice" => new CommandResult(0, "501\n", string.Empty),
            "id -g alice" => new CommandResult(0, "20\n", string.Empty),
            "launchctl print gui/501" => new CommandResult(0, "gui/501 = {\n}\n", string.Empty),
            "launchctl print gui/501/com.alice.sync" => new CommandResult(0, "com.alice.sync = {\n\tstate = not running\n\truns = 0\n}\n", string.Empty),
            _ => null,
        });
        var platform = new MacPlatform(new MacLayout(_root.Path, "root", runner), runner, dump);

        var job = Assert.Single(platform.GetJobs(JobQuery.All));
        Assert.Equal("disallowed", job.BackgroundTask!.Verdict);
        Assert.Contains(job.Findings, f => f.Code == "DisallowedInLoginItems");
        var status = Assert.Single(platform.GetStatus(new[] { job }));
        Assert.Equal((JobState.Stopped, "disallowed in Login Items"), (status.State, status.Reason));
        Assert.DoesNotContain(runner.Lines, l => l.StartsWith("sfltool", StringComparison.Ordinal));
    }

    [Fact]
    public void Desired_state_wanting_a_job_a_user_switched_off_is_not_met_and_the_plan_says_who_can_turn_it_on()
    {
        var definition = new BackgroundJobDefinition("com.alice.sync", JobKind.Agent, JobScope.User) { User = "alice", Program = "/usr/local/bin/sync", StartupType = StartupType.Automatic };
        _root.Write("/Users/alice/Library/LaunchAgents/com.alice.sync.plist", LaunchdTranslator.Render(definition).Content);
        var runner = Runner(line => line switch
        {
            "id -u alice" => new CommandResult(0, "501\n", string.Empty),
            "id -g alice" => new CommandResult(0, "20\n", string.Empty),
            _ => null,
        });
        var entries = new[] { new ServiceManagement.Configuration.ConfigurationEntry(definition) };

        var allowed = new MacPlatform(new MacLayout(_root.Path, "root", runner), runner, _root.Write("/evidence/allowed.txt", AgentSwitchedOff.Replace("[enabled, disallowed, notified] (0x9)", "[enabled, allowed, notified] (0xb)", StringComparison.Ordinal)));
        Assert.True(ServiceManagement.DesiredState.Planner.Create(allowed, entries, new ServiceManagement.DesiredState.PlanOptions()).IsEmpty);

        var switchedOff = new MacPlatform(new MacLayout(_root.Path, "root", runner), runner, _root.Write("/evidence/btm.txt", AgentSwitchedOff));
        var plan = ServiceManagement.DesiredState.Planner.Create(switchedOff, entries, new ServiceManagement.DesiredState.PlanOptions());
        Assert.False(plan.IsEmpty);
        Assert.Contains(plan.Staged.Jobs.Single().Findings, f => f.Code == "DisallowedInLoginItems" && f.Message.Contains("Managed Login Items", StringComparison.Ordinal));
    }
}
