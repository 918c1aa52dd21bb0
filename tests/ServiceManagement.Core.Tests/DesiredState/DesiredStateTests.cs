using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.DesiredState;

public sealed class DesiredStateTests : IDisposable
{
    private readonly FakeRoot _root = new();

    public DesiredStateTests()
    {
        _root.Running();
        Directory.CreateDirectory(_root.Of("/etc/systemd/system"));
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Units systemd reports inactive; every other unit file of the machine is listed active, as after a converged apply.</summary>
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);

    private (LinuxPlatform Platform, FakeCommandRunner Runner) Platform(Func<CommandLine, CommandResult?>? answer = null)
    {
        var runner = new FakeCommandRunner(command => answer?.Invoke(command) ?? (command.Arguments.Contains("list-units") ? ListUnits() : null));
        return (_root.Platform(runner), runner);
    }

    private CommandResult ListUnits() =>
        new(0, string.Concat(Directory.GetFiles(_root.Of("/etc/systemd/system")).Select(Path.GetFileName)
            .Select(u => _stopped.Contains(u!) ? $"{u} loaded inactive dead x\n" : $"{u} loaded active running x\n")), string.Empty);

    /// <summary>The commands that change something: without the listings and property reads a plan makes.</summary>
    private static IReadOnlyList<string> Acting(FakeCommandRunner runner) =>
        runner.Lines.Where(l => !l.Contains("list-units", StringComparison.Ordinal) && !l.StartsWith("systemctl show ", StringComparison.Ordinal)).ToList();

    private static IReadOnlyList<ConfigurationEntry> Entries(string yaml) =>
        ConfigurationLoader.Parse("jobs:\n" + yaml, "test.yaml").Document!.Entries;

    private const string Three =
        "  - { name: d.one, kind: daemon, program: /bin/one, description: first }\n" +
        "  - { name: d.two, kind: daemon, program: /bin/two, schedule: { every: 5m } }\n" +
        "  - { name: d.three, kind: daemon, program: /bin/three, environment: { TOKEN: { secret: hunter2 } } }\n";

    /// <summary>Applies, then marks the jobs enabled as systemd would, so that the machine matches.</summary>
    private void Converge(IPlatform platform, string yaml)
    {
        Assert.True(Applier.Apply(platform, Entries(yaml), new ApplyOptions()).Succeeded);
        foreach (var unit in Directory.GetFiles(_root.Of("/etc/systemd/system")).Select(Path.GetFileName))
        {
            var wants = unit!.EndsWith(".timer", StringComparison.Ordinal) ? "timers.target.wants" : "multi-user.target.wants";
            if (!unit.EndsWith(".service", StringComparison.Ordinal) || !File.Exists(_root.Of("/etc/systemd/system/" + unit.Replace(".service", ".timer", StringComparison.Ordinal))))
            {
                var link = _root.Of($"/etc/systemd/system/{wants}/{unit}");
                if (!File.Exists(link))
                {
                    _root.Link($"/etc/systemd/system/{wants}/{unit}", _root.Of("/etc/systemd/system/" + unit));
                }
            }
        }
    }

    [Fact]
    public void A_new_configuration_plans_creates_and_an_applied_one_plans_nothing()
    {
        var (platform, _) = Platform();
        var plan = Planner.Create(platform, Entries(Three), new PlanOptions());
        Assert.Equal(new[] { PlanAction.Create, PlanAction.Create, PlanAction.Create }, plan.Items.Select(i => i.Action));
        Assert.Contains(new PropertyChange("description", "first", null), plan.Items[0].Changes);
        Assert.Equal(new[] { _root.Of("/etc/systemd/system/d.two.service"), _root.Of("/etc/systemd/system/d.two.timer") }, plan.Items[1].Files);
        Assert.Empty(Directory.GetFiles(_root.Of("/etc/systemd/system")));

        Converge(platform, Three);
        Assert.True(Planner.Create(platform, Entries(Three), new PlanOptions()).IsEmpty);
    }

    [Fact]
    public void A_changed_property_is_the_only_difference_reported()
    {
        var (platform, _) = Platform();
        Converge(platform, Three);
        var plan = Planner.Create(platform, Entries(Three.Replace("description: first", "description: second", StringComparison.Ordinal)), new PlanOptions());
        var item = Assert.Single(plan.Changes);
        Assert.Equal((PlanAction.Update, "d.one"), (item.Action, item.Name));
        Assert.Equal(new PropertyChange("description", "second", "first"), Assert.Single(item.Changes));
        Assert.Contains("-Description=first\n+Description=second\n", item.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hand_edited_unit_is_drift()
    {
        var (platform, _) = Platform();
        Converge(platform, Three);
        var path = _root.Of("/etc/systemd/system/d.one.service");
        File.WriteAllText(path, File.ReadAllText(path).Replace("ExecStart=/bin/one", "ExecStart=/bin/one --debug", StringComparison.Ordinal));
        var item = Assert.Single(Planner.Create(platform, Entries(Three), new PlanOptions()).Changes);
        Assert.Equal(new PropertyChange("arguments", null, "[--debug]"), Assert.Single(item.Changes));
    }

    [Fact]
    public void Secrets_never_appear_in_a_plan()
    {
        var (platform, _) = Platform();
        var plan = Planner.Create(platform, Entries(Three), new PlanOptions());
        var text = string.Join("\n", plan.Items.SelectMany(i => i.Changes.Select(c => $"{c.Property}{c.Desired}{c.Actual}")).Concat(plan.Items.Select(i => i.Diff)));
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("EnvironmentFile=%E/servicemanagement/secrets/%N.env", text, StringComparison.Ordinal);
        Assert.Contains("/etc/servicemanagement/secrets/d.three.env\n@@ secret values, not shown @@", text, StringComparison.Ordinal);

        Converge(platform, Three);
        var changed = Planner.Create(platform, Entries(Three.Replace("hunter2", "swordfish", StringComparison.Ordinal)), new PlanOptions());
        var update = Assert.Single(changed.Changes);
        Assert.Equal(new PropertyChange("environment.TOKEN", PropertyDiff.Mask + " (secret changed)", PropertyDiff.Mask), Assert.Single(update.Changes));
        Assert.DoesNotContain("swordfish", update.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", update.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Prune_removes_only_managed_jobs_that_were_dropped()
    {
        var (platform, _) = Platform();
        Converge(platform, Three);
        _root.Write("/etc/systemd/system/host.service", "[Service]\nExecStart=/bin/host\n");
        var kept = "  - { name: d.one, kind: daemon, program: /bin/one, description: first }\n";
        Assert.True(Planner.Create(platform, Entries(kept), new PlanOptions()).IsEmpty);

        var result = Applier.Apply(platform, Entries(kept), new ApplyOptions { Prune = true });
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(new[] { ("d.three", PlanAction.Remove), ("d.two", PlanAction.Remove) }, result.Plan.Changes.Select(i => (i.Name, i.Action)).OrderBy(i => i.Name, StringComparer.Ordinal));
        Assert.Equal(new[] { "d.one.service", "host.service" }, Directory.GetFiles(_root.Of("/etc/systemd/system")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Ensure_absent_removes_ours_and_leaves_others_with_a_note()
    {
        var (platform, _) = Platform();
        Converge(platform, Three);
        _root.Write("/etc/systemd/system/host.service", "[Service]\nExecStart=/bin/host\n");
        var result = Applier.Apply(platform, Entries("  - { name: d.two, kind: daemon, program: /bin/two, ensure: absent }\n  - { name: host, kind: daemon, program: /bin/host, ensure: absent }\n"), new ApplyOptions());
        Assert.True(result.Succeeded);
        Assert.False(File.Exists(_root.Of("/etc/systemd/system/d.two.service")));
        Assert.True(File.Exists(_root.Of("/etc/systemd/system/host.service")));
        Assert.Equal("NotManaged", Assert.Single(result.Plan.Notes).Code);
    }

    [Fact]
    public void Apply_reloads_once_and_enables_and_starts_only_what_changed()
    {
        var (platform, runner) = Platform();
        Converge(platform, Three);
        runner.Commands.Clear();
        Applier.Apply(platform, Entries(Three.Replace("description: first", "description: second", StringComparison.Ordinal)), new ApplyOptions());
        Assert.Equal(new[] { "systemctl enable --no-reload -- d.one.service", "systemctl daemon-reload", "systemctl restart -- d.one.service" }, Acting(runner));
    }

    [Fact]
    public void A_stopped_automatic_daemon_or_timer_is_drift_that_apply_starts_and_a_manual_one_is_left_as_it_is()
    {
        const string Jobs = Three + "  - { name: d.manual, kind: daemon, program: /bin/manual, startupType: manual }\n  - { name: d.off, kind: daemon, program: /bin/off, state: stopped }\n";
        var (platform, runner) = Platform();
        _stopped.UnionWith(new[] { "d.manual.service", "d.off.service" });
        Converge(platform, Jobs);
        File.Delete(_root.Of("/etc/systemd/system/multi-user.target.wants/d.manual.service"));
        Assert.True(Planner.Create(platform, Entries(Jobs), new PlanOptions()).IsEmpty);

        _stopped.Clear();
        _stopped.UnionWith(new[] { "d.one.service", "d.two.timer", "d.two.service", "d.manual.service" });
        var plan = Planner.Create(platform, Entries(Jobs), new PlanOptions());
        Assert.Equal(
            new[] { ("d.one", "stopped", "running"), ("d.two", "stopped", "running"), ("d.off", "running", "stopped") },
            plan.Changes.Select(i => (i.Name, Assert.Single(i.Changes).Actual, Assert.Single(i.Changes).Desired)).Select(c => (c.Name, c.Actual!, c.Desired!)));
        Assert.Equal(new[] { "state" }, DscSemantics.Differing(plan));

        runner.Commands.Clear();
        Assert.True(Applier.Apply(platform, Entries(Jobs), new ApplyOptions()).Succeeded);
        Assert.Equal(new[] { "systemctl enable --no-reload -- d.one.service d.two.timer d.off.service", "systemctl stop -- d.off.service", "systemctl start -- d.one.service d.two.timer" }, Acting(runner));
    }

    [Fact]
    public void A_new_manual_daemon_is_not_started_and_a_new_automatic_one_is()
    {
        var (platform, runner) = Platform();
        Assert.True(Applier.Apply(platform, Entries("  - { name: d.new, kind: daemon, program: /bin/new }\n  - { name: d.later, kind: daemon, program: /bin/later, startupType: manual }\n"), new ApplyOptions()).Succeeded);
        Assert.Equal(new[] { "systemctl enable --no-reload -- d.new.service", "systemctl disable --no-reload -- d.later.service", "systemctl daemon-reload", "systemctl start -- d.new.service" }, Acting(runner));
    }

    [Fact]
    public void A_state_is_refused_where_it_cannot_apply()
    {
        var loaded = ConfigurationLoader.Parse("jobs:\n  - { name: l.item, kind: loginItem, program: /bin/x, state: running }\n  - { name: d.gone, kind: daemon, ensure: absent, state: stopped }\n  - { name: a.all, kind: agent, scope: system, program: /bin/x, state: stopped }\n", "test.yaml");
        Assert.Equal(new[] { "StateUndeclarable", "StateOfAbsentJob", "StateUndeclarable" }, loaded.Findings.Where(f => f.Severity == ServiceManagement.Validation.FindingSeverity.Error).Select(f => f.Code));
    }

    [Fact]
    public void A_step_that_fails_leaves_every_file_as_it_was()
    {
        var (platform, _) = Platform();
        Converge(platform, Three);
        _root.Write("/etc/systemd/system/host.service", "[Service]\nExecStart=/bin/host\n");
        var before = Snapshot();
        var (failing, _) = Platform(command => command.Arguments.Contains("enable") ? new CommandResult(1, string.Empty, "Failed to enable unit: boom") : null);
        var changed = Three.Replace("description: first", "description: second", StringComparison.Ordinal).Replace("/bin/two", "/bin/deux", StringComparison.Ordinal)
            + "  - { name: d.four, kind: daemon, program: /bin/four }\n";
        var result = Applier.Apply(failing, Entries(changed), new ApplyOptions { Prune = true });
        Assert.IsType<PlatformException>(result.Error);
        Assert.Contains("boom", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "d.four.service", "d.one.service", "d.two.service" }, result.RolledBack.Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        var intent = _root.Of("/run/servicemanagement/intent");
        Assert.Equal(before, Snapshot().Where(f => f.Key != intent).ToDictionary(f => f.Key, f => f.Value));

        // What it had set out to change may have been restarted before the failure: the next plan says so, and the
        // next apply that succeeds reloads and restarts those jobs and forgets the intent.
        var after = Planner.Create(platform, Entries(Three), new PlanOptions());
        Assert.Equal(new[] { "d.one", "d.two" }, after.Changes.Where(i => i.Changes.Any(c => c.Property == "applied")).Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains(after.Notes, n => n.Code == "ApplyInterrupted");
        Assert.True(Applier.Apply(platform, Entries(Three), new ApplyOptions()).Succeeded);
        Assert.False(File.Exists(intent));
        Assert.True(Planner.Create(platform, Entries(Three), new PlanOptions()).IsEmpty);
    }

    [Fact]
    public void A_second_apply_waits_for_the_lock_and_names_its_holder()
    {
        var (platform, _) = Platform();
        using (ApplyLock.Acquire(platform.LockPath, TimeSpan.Zero, "the first apply"))
        {
            var error = Assert.Throws<LockTimeoutException>(() => Applier.Apply(platform, Entries(Three), new ApplyOptions { LockTimeout = TimeSpan.FromMilliseconds(200) }));
            Assert.Contains("the first apply", error.Message, StringComparison.Ordinal);
            Assert.Contains($"pid {Environment.ProcessId}", error.Holder, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_root.Of("/etc/systemd/system")));
        }

        Assert.True(Applier.Apply(platform, Entries(Three), new ApplyOptions { LockTimeout = TimeSpan.Zero }).Succeeded);
    }

    [Fact]
    public async Task Concurrent_applies_run_one_after_the_other()
    {
        var owner = new ThreadLocal<string>();
        var log = new List<string>();
        var runner = new FakeCommandRunner(command =>
        {
            lock (log)
            {
                log.Add(owner.Value!);
            }

            return null;
        });
        var platform = _root.Platform(runner);
        var first = Task.Run(() => { owner.Value = "A"; return Applier.Apply(platform, Entries("  - { name: a.job, kind: daemon, program: /bin/a }\n  - { name: a.other, kind: daemon, program: /bin/b }\n"), new ApplyOptions()); });
        var second = Task.Run(() => { owner.Value = "B"; return Applier.Apply(platform, Entries("  - { name: b.job, kind: daemon, program: /bin/b }\n"), new ApplyOptions()); });
        var results = await Task.WhenAll(first, second);
        Assert.True(results.All(r => r.Succeeded));
        var order = string.Concat(log);
        Assert.Matches("^(A+B+|B+A+)$", order);
    }

    [Fact]
    public void Taking_over_a_job_we_did_not_create_needs_force()
    {
        var (platform, _) = Platform();
        _root.Write("/etc/systemd/system/d.one.service", "[Service]\nExecStart=/bin/one\n");
        Assert.Throws<JobNotManagedException>(() => Planner.Create(platform, Entries(Three), new PlanOptions()));
        Assert.Equal(PlanAction.Update, Planner.Create(platform, Entries(Three), new PlanOptions { Force = true }).Items[0].Action);
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(_root.Path, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith(".lock", StringComparison.Ordinal) && !p.EndsWith(".holder", StringComparison.Ordinal))
            .ToDictionary(p => p, File.ReadAllText);
}
