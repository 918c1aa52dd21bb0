using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.IO;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Requests;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.DesiredState;

/// <summary>
/// Stage once: from a declaration to its files, each job is validated once for its platform, translated into
/// its unit files once, and the installed jobs are read once — counted by the engine's meter (ServiceManagement.IO.Meter), whose
/// counts follow this test's flow only.
/// </summary>
public sealed class StageOnceTests : IDisposable
{
    private readonly FakeRoot _root = new();

    public StageOnceTests()
    {
        _root.Running();
        Directory.CreateDirectory(_root.Of("/etc/systemd/system"));
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void New_with_what_if_validates_translates_and_reads_the_installed_jobs_once()
    {
        var platform = _root.Platform();
        using var counts = Meter.Start();

        // What New-Daemon -WhatIf and svcmgmt new --what-if do: define, stage as a new job, describe.
        var definition = JobParameters.Define("org.once.web", JobKind.Daemon, null, null, new Dictionary<string, object?>
        {
            ["Program"] = "/bin/sleep",
            ["Arguments"] = new[] { "1000" },
            ["Schedule"] = null,
        });
        var staged = platform.StageWrite(new[] { definition }, WriteMode.Create, new WriteOptions());
        var plan = Planner.Describe(platform, staged);

        Assert.Contains(plan.Changes, c => c.Name == "org.once.web");
        Assert.Equal(1, counts["validate org.once.web"]);
        Assert.Equal(1, counts["translate org.once.web"]);
        Assert.Equal(1, counts["inventory"]);
    }

    [Fact]
    public void An_apply_of_twenty_jobs_validates_and_translates_each_once()
    {
        var platform = _root.Platform();
        var names = Enumerable.Range(1, 20).Select(i => $"org.once.job{i}").ToList();
        var path = _root.Write("/srv/jobs.yaml", "jobs:\n" + string.Concat(names.Select((n, i) =>
            $"  - {{ name: {n}, kind: daemon, program: /bin/sleep, arguments: [\"{1000 + i}\"], description: job {i} }}\n")));
        using var counts = Meter.Start();

        // What svcmgmt apply does: load for this platform, then apply.
        var document = ConfigurationLoader.Load(path, platform.OperatingSystem, platform.Rules);
        var result = Applier.Apply(platform, document.Entries, new ApplyOptions());

        Assert.True(result.Succeeded);
        Assert.All(names, n => Assert.Equal(1, counts["validate " + n]));
        Assert.All(names, n => Assert.Equal(1, counts["translate " + n]));
        Assert.Equal(20, names.Count(n => File.Exists(_root.Of($"/etc/systemd/system/{n}.service"))));
    }

    [Fact]
    public async Task The_meter_counts_only_its_own_flow()
    {
        var platform = _root.Platform();
        using var counts = Meter.Start();

        // A task started inside the flow shares it; one started outside any flow that counts does not.
        await Task.Run(() => platform.GetJobs(JobQuery.All));
        Task outside;
        using (ExecutionContext.SuppressFlow())
        {
            outside = Task.Run(() => platform.GetJobs(JobQuery.All));
        }

        await outside;
        Assert.Equal(1, counts["inventory"]);
    }
}
