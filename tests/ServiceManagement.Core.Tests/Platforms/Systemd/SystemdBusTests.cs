using System.Globalization;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.DBus;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Systemd;

/// <summary>
/// The D-Bus path at the level of messages: the wire format against bytes sd-bus and systemd wrote (captured
/// from systemctl talking to the harness's systemd 252), hostile bytes, and the platform's operations against
/// a fake of systemd's private socket that records each call.
/// </summary>
public sealed class SystemdBusTests : IDisposable
{
    private const string Manager = "org.freedesktop.systemd1.Manager";
    private readonly FakeRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static byte[] Captured(string name) =>
        Convert.FromHexString(File.ReadAllText(Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Golden", "dbus", name + ".hex")).Replace("\n", string.Empty, StringComparison.Ordinal));

    private static BackgroundJobDefinition Daemon(string name) => new(name, JobKind.Daemon, JobScope.System) { Program = "/bin/" + name };

    [Fact]
    public void Messages_sd_bus_and_systemd_wrote_are_read_field_by_field()
    {
        var call = DBusFraming.Decode(Captured("start-unit-call"));
        Assert.Equal((DBusMessageType.MethodCall, "/org/freedesktop/systemd1", Manager, "StartUnit", "org.freedesktop.systemd1", "ss"), (call.Type, call.Path, call.Interface, call.Member, call.Destination, call.Signature));
        Assert.Equal(new object[] { "cap.service", "replace" }, call.Body);

        var reply = DBusFraming.Decode(Captured("start-unit-reply"));
        Assert.Equal((DBusMessageType.MethodReturn, call.Serial, "o"), (reply.Type, reply.ReplySerial, reply.Signature));
        var job = Assert.IsType<string>(Assert.Single(reply.Body));
        Assert.StartsWith("/org/freedesktop/systemd1/job/", job, StringComparison.Ordinal);

        var removed = DBusFraming.Decode(Captured("job-removed-signal"));
        Assert.Equal((DBusMessageType.Signal, Manager, "JobRemoved", "uoss"), (removed.Type, removed.Interface, removed.Member, removed.Signature));
        Assert.Equal(new object[] { uint.Parse(job.Split('/').Last(), CultureInfo.InvariantCulture), job, "cap.service", "done" }, removed.Body);
    }

    [Fact]
    public void A_GetAll_reply_reads_as_the_text_systemctl_show_printed_from_the_same_reply()
    {
        var reply = DBusFraming.Decode(Captured("get-all-reply"));
        Assert.Equal("a{sv}", reply.Signature);
        var properties = ((IReadOnlyList<object>)reply.Body[0]).Cast<object[]>().Select(entry => ((string)entry[0], ((DBusVariant)entry[1]).Value));
        var printed = File.ReadAllLines(Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Golden", "dbus", "get-all-systemctl-show.txt"))
            .Select(line => line.Split('=', 2)).ToDictionary(parts => parts[0], parts => parts[1]);
        Assert.Equal(printed.OrderBy(p => p.Key, StringComparer.Ordinal), SystemdPropertyText.Of(properties).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_type_written_reads_back_the_same_and_sd_bus_messages_survive_our_writing()
    {
        var values = new object[]
        {
            new List<object> { new object[] { "k", new DBusVariant("at", new List<object> { 1UL, ulong.MaxValue }) }, new object[] { "v", new DBusVariant("v", new DBusVariant("s", "inner")) } },
            new object[] { (byte)7, true, (short)-2, (ushort)3, -4, 5u, -6L, 7UL, 8.5, "ünïcode", "/o/p", "a(sv)" },
            new List<object> { new List<object>(), new List<object> { 1, 2 } },
        };
        var message = new DBusMessage(DBusMessageType.MethodCall, 9) { Path = "/x", Member = "M", Signature = "a{sv}(ybnqiuxtdsog)aai", Body = values };
        var read = DBusFraming.Decode(DBusFraming.Encode(message));
        Assert.Equal(message with { Body = Array.Empty<object>() }, read with { Body = Array.Empty<object>() });
        Assert.Equal(Flatten(values), Flatten(read.Body));

        foreach (var captured in new[] { "start-unit-call", "start-unit-reply", "job-removed-signal", "get-all-reply" })
        {
            var original = DBusFraming.Decode(Captured(captured));
            var again = DBusFraming.Decode(DBusFraming.Encode(original));
            Assert.Equal(Flatten(original.Body), Flatten(again.Body));
            Assert.Equal((original.Path, original.Member, original.Signature, original.ReplySerial), (again.Path, again.Member, again.Signature, again.ReplySerial));
        }
    }

    private static string Flatten(object value) => value switch
    {
        IEnumerable<object> items => "[" + string.Join(",", items.Select(Flatten)) + "]",
        DBusVariant variant => $"<{variant.Signature}:{Flatten(variant.Value)}>",
        IFormattable number => value.GetType().Name + ":" + number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaai", "nests arrays more than 32 deep")]
    [InlineData("(((((((((((((((((((((((((((((((((i)))))))))))))))))))))))))))))))))", "nests structs more than 32 deep")]
    [InlineData("a{vs}", "dictionary key that is not a basic type")]
    [InlineData("(i", "misses a ')'")]
    [InlineData("()", "empty struct")]
    [InlineData("z", "unknown type code 'z'")]
    public void A_hostile_signature_is_refused_with_what_is_wrong(string signature, string why) =>
        Assert.Contains(why, Assert.Throws<FormatException>(() => DBusType.Parse(signature)).Message, StringComparison.Ordinal);

    [Fact]
    public void Damaged_messages_fail_as_format_errors_never_otherwise()
    {
        var originals = new[] { "start-unit-call", "start-unit-reply", "job-removed-signal", "get-all-reply" }.Select(Captured).ToList();
        var random = new Random(20261130);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = originals[random.Next(originals.Count)].ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var cut = random.Next(4) == 0 ? bytes[..random.Next(bytes.Length)] : bytes;
            try
            {
                DBusFraming.Decode(cut);
                outcomes["read"] = outcomes.GetValueOrDefault("read") + 1;
            }
            catch (FormatException)
            {
                outcomes["refused"] = outcomes.GetValueOrDefault("refused") + 1;
            }
        }

        Assert.True(outcomes.GetValueOrDefault("refused") > 1000, string.Join(", ", outcomes));

        // A variant inside a variant, 70 deep: refused at the nesting limit, not by exhausting the stack.
        var deep = new DBusVariant("s", "x");
        for (var i = 0; i < 70; i++)
        {
            deep = new DBusVariant("v", deep);
        }

        var nested = DBusFraming.Encode(new DBusMessage(DBusMessageType.Signal, 1) { Path = "/", Interface = "a.b", Member = "C", Signature = "v", Body = new object[] { deep } });
        Assert.Contains("nested more than 64 deep", Assert.Throws<FormatException>(() => DBusFraming.Decode(nested)).Message, StringComparison.Ordinal);

        var huge = Captured("start-unit-reply")[..16];
        huge[4] = huge[5] = huge[6] = huge[7] = 0xff;
        Assert.Contains("the limit is", Assert.Throws<FormatException>(() => DBusFraming.TotalLength(huge)).Message, StringComparison.Ordinal);
    }

    private (LinuxPlatform Platform, FakeCommandRunner Runner, FakeSystemdBus Bus) OverBus(Action<DBusMessage, FakeSystemdBus.Peer> answer, SystemdTransport transport = SystemdTransport.Auto, PosixUser? user = null)
    {
        _root.Running(FakeRoot.Alice);
        var bus = new FakeSystemdBus(_root.Of("/run/systemd/private"), answer);
        var runner = new FakeCommandRunner();
        return (_root.Platform(runner, user, transport), runner, bus);
    }

    /// <summary>systemd's answers to the calls these tests make, unless a test answers first.</summary>
    private static void Systemd(DBusMessage call, FakeSystemdBus.Peer peer)
    {
        switch (call.Member)
        {
            case "EnableUnitFiles":
                peer.Reply(call, "ba(sss)", true, new List<object> { new object[] { "symlink", "/etc/systemd/system/multi-user.target.wants/a.service", "/etc/systemd/system/a.service" } });
                break;
            case "DisableUnitFiles":
                peer.Reply(call, "a(sss)", new List<object>());
                break;
            case "ListUnits" or "ListUnitsByNames":
                peer.Reply(call, "a(ssssssouso)", new List<object>());
                break;
            case "StartUnit" or "StopUnit" or "RestartUnit":
                peer.Reply(call, "o", "/org/freedesktop/systemd1/job/1");
                peer.JobRemoved(1, "/org/freedesktop/systemd1/job/1", (string)call.Body[0], "done");
                break;
            default:
                peer.Reply(call);
                break;
        }
    }

    [Fact]
    public void A_batch_over_the_bus_reloads_once_enables_in_one_call_and_runs_no_process()
    {
        var (platform, runner, bus) = OverBus(Systemd);
        using (bus)
        {
            platform.Write(new[] { Daemon("a"), Daemon("b"), Daemon("c") with { Schedule = Schedule.OnCron("0 1 * * *") }, Daemon("m") with { StartupType = StartupType.Manual } }, new WriteOptions());
            Assert.Equal(new[]
            {
                "EnableUnitFiles a.service b.service c.timer False False",
                "DisableUnitFiles m.service False",
                "Reload",
            }, bus.Lines);
            Assert.Empty(runner.Lines);
            Assert.Equal($"\0AUTH EXTERNAL {Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(ServiceManagement.IO.Posix.EffectiveUserId.ToString(CultureInfo.InvariantCulture))).ToLowerInvariant()}\r\nBEGIN\r\n", bus.AuthenticationLine);
        }
    }

    [Fact]
    public void Status_sends_every_request_before_reading_an_answer_and_reads_values_as_systemctl_prints_them()
    {
        const ulong NotSet = ulong.MaxValue;
        static string PathOf(string unit) => "/org/freedesktop/systemd1/unit/" + unit.Replace(".", "_2e", StringComparison.Ordinal);
        object[] Row(string unit, string active, string sub) => new object[] { unit, "", "loaded", active, sub, "", PathOf(unit), 0u, "", "/" };
        var states = new Dictionary<string, (string Active, string Sub)> { ["a.service"] = ("active", "running"), ["b.service"] = ("failed", "failed"), ["b.timer"] = ("active", "waiting") };

        // What each unit has; a property it lacks is answered UnknownProperty, as systemd does.
        var properties = new Dictionary<string, Dictionary<string, DBusVariant>>
        {
            ["a.service"] = new()
            {
                ["MainPID"] = new("u", 42u), ["MemoryCurrent"] = new("t", 1048576UL), ["CPUUsageNSec"] = new("t", 2_000_000_000UL), ["TasksCurrent"] = new("t", 3UL),
                ["ActiveEnterTimestamp"] = new("t", 1_700_000_000_000_000UL), ["NRestarts"] = new("u", 3u), ["Result"] = new("s", "success"),
            },
            ["b.service"] = new() { ["ExecMainCode"] = new("i", 1), ["ExecMainStatus"] = new("i", 3), ["MemoryCurrent"] = new("t", NotSet), ["Result"] = new("s", "exit-code") },
            ["b.timer"] = new() { ["NextElapseUSecRealtime"] = new("t", 1_800_000_000_000_000UL) },
        };
        // b.service failed: nothing of a running process is asked of it (MainPID, the three figures, ActiveEnterTimestamp).
        var expected = properties.Keys.Sum(unit => SystemdBus.StatusPropertiesBySuffix[unit[unit.LastIndexOf('.')..]].Sum(p => p.Names.Length)) - 5;
        var (platform, runner, bus) = OverBus((call, peer) =>
        {
            switch (call.Member)
            {
                case "ListUnits":
                    peer.Reply(call, "a(ssssssouso)", states.Select(s => Row(s.Key, s.Value.Active, s.Value.Sub)).ToList<object>());
                    break;
                case "ListUnitsByNames":
                    peer.Reply(call, "a(ssssssouso)", ((IReadOnlyList<object>)call.Body[0]).Select(u => Row((string)u, states[(string)u].Active, states[(string)u].Sub)).ToList<object>());
                    break;
                case "Get":
                    // Held until every Get is in: a client that waited for each answer would never get one.
                    peer.Held.Add(call);
                    if (peer.Held.Count == expected)
                    {
                        foreach (var held in peer.Held)
                        {
                            var unit = properties.Keys.Single(u => PathOf(u) == held.Path);
                            if (properties[unit].TryGetValue((string)held.Body[1], out var value))
                            {
                                peer.Reply(held, "v", value);
                            }
                            else
                            {
                                peer.Error(held, "org.freedesktop.DBus.Error.UnknownProperty", "Unknown property");
                            }
                        }
                    }

                    break;
            }
        });
        using (bus)
        {
            var statuses = platform.GetStatus(new[] { Daemon("a"), Daemon("b") with { Schedule = Schedule.OnCron("0 1 * * *") } }.Select(d => new InstalledJob(d)).ToList());
            Assert.Equal("ListUnits", bus.Lines[0]);
            Assert.Equal(expected, bus.Lines.Count(l => l.StartsWith("Get ", StringComparison.Ordinal)));
            Assert.Contains("Get org.freedesktop.systemd1.Timer NextElapseUSecRealtime", bus.Lines);
            Assert.Single(bus.Lines, l => l == "Get org.freedesktop.systemd1.Service MemoryCurrent");
            Assert.Equal(1, bus.Connections);
            Assert.Empty(runner.Lines);
            var (a, b) = (statuses[0], statuses[1]);
            Assert.Equal((JobState.Running, 42, 1048576L, TimeSpan.FromSeconds(2), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 3, 3), (a.State, a.ProcessId!.Value, a.MemoryBytes!.Value, a.CpuTime!.Value, a.StartedAt!.Value, a.TaskCount!.Value, a.RestartCount!.Value));
            Assert.Equal((JobState.Failed, 3, (long?)null, "exited with 3 (not implemented)"), (b.State, b.LastExitCode!.Value, b.MemoryBytes, b.ExitReason));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), b.NextRunAt);
        }
    }

    [Fact]
    public void Kept_connections_open_ahead_and_answer_the_first_listing_with_the_one_read_then()
    {
        var (platform, _, bus) = OverBus(Systemd);
        using (bus)
        {
            var jobs = new[] { new InstalledJob(Daemon("a")) };
            platform.GetStatus(jobs);
            Assert.Equal(new[] { "ListUnits" }, bus.Lines);

            using (platform.KeepConnections())
            {
                using (platform.KeepConnections())
                {
                    platform.GetJobs(JobQuery.All);
                }

                platform.GetStatus(jobs);
                Assert.Equal(new[] { "ListUnits", "ListUnits" }, bus.Lines);

                // Once the connection asked anything else, the listing read ahead may be out of date.
                platform.Control(jobs, JobAction.Stop);
                platform.GetStatus(jobs);
                Assert.Equal(new[] { "ListUnits", "ListUnits", "StopUnit a.service replace", "ListUnits" }, bus.Lines);
            }

            // Read ahead and never asked for: closed with the others.
            using (platform.KeepConnections())
            {
            }

            Assert.Equal(3, bus.Connections);
            Assert.Equal(4, bus.Lines.Count(l => l == "ListUnits"));
        }
    }

    [Fact]
    public void An_apply_asks_its_manager_nothing_before_it_holds_the_lock()
    {
        // A listing read ahead of the lock could miss what the apply holding it changes meanwhile.
        var (platform, _, bus) = OverBus(Systemd);
        using (bus)
        {
            var entries = new[] { new ServiceManagement.Configuration.ConfigurationEntry(Daemon("a")) };
            using (ServiceManagement.DesiredState.ApplyLock.Acquire(platform.LockPath, TimeSpan.Zero, "the first apply"))
            {
                Assert.Throws<LockTimeoutException>(() => ServiceManagement.DesiredState.Applier.Apply(platform, entries, new ServiceManagement.DesiredState.ApplyOptions { LockTimeout = TimeSpan.FromMilliseconds(200) }));
            }

            Assert.Empty(bus.Lines);
            ServiceManagement.DesiredState.Applier.Apply(platform, entries, new ServiceManagement.DesiredState.ApplyOptions { LockTimeout = TimeSpan.Zero });
            Assert.Equal("ListUnits", bus.Lines[0]);
        }
    }

    [Fact]
    public void Status_asks_only_what_can_differ_from_the_listing()
    {
        static string PathOf(string unit) => "/org/freedesktop/systemd1/unit/" + unit.Replace(".", "_2e", StringComparison.Ordinal);
        var rows = new (string Unit, string Load, string Active, string Sub)[]
        {
            ("idle.service", "loaded", "inactive", "dead"), ("masked.service", "masked", "inactive", "dead"),
            ("gone.service", "not-found", "inactive", "dead"), ("held.service", "masked", "active", "running"),
        };
        var (platform, _, bus) = OverBus((call, peer) =>
        {
            switch (call.Member)
            {
                case "ListUnits":
                    peer.Reply(call, "a(ssssssouso)", rows.Select(r => (object)new object[] { r.Unit, "", r.Load, r.Active, r.Sub, "", PathOf(r.Unit), 0u, "", "/" }).ToList());
                    break;
                case "Get":
                    peer.Error(call, "org.freedesktop.DBus.Error.UnknownProperty", "Unknown property");
                    break;
            }
        });
        using (bus)
        {
            var statuses = platform.GetStatus(rows.Select(r => new InstalledJob(Daemon(r.Unit[..r.Unit.IndexOf('.', StringComparison.Ordinal)]))).ToList());
            Assert.Equal(new[] { JobState.Stopped, JobState.Disabled, JobState.NotLoaded, JobState.Disabled }, statuses.Select(s => s.State));
            string[] Asked(string unit) => bus.Calls.Where(c => c.Member == "Get" && c.Path == PathOf(unit)).Select(c => (string)c.Body[1]).OrderBy(n => n, StringComparer.Ordinal).ToArray();

            // Inactive: no process to describe, and its Result is "success" (systemd enters "failed" otherwise).
            Assert.Equal(new[] { "ExecMainCode", "ExecMainStatus", "NRestarts", "NeedDaemonReload" }, Asked("idle.service"));
            Assert.Empty(Asked("masked.service"));
            Assert.Empty(Asked("gone.service"));
            Assert.Equal(SystemdBus.StatusPropertiesBySuffix[".service"].Sum(p => p.Names.Length), Asked("held.service").Length);
        }
    }

    [Fact]
    public void Followed_status_asks_again_only_for_the_figures_until_systemd_announces_or_lists_a_change()
    {
        const string Unit = "/org/freedesktop/systemd1/unit/a_2eservice";
        var sub = "running";
        var (pid, memory) = (42u, 1048576UL);
        string? announce = null;
        var (platform, _, bus) = OverBus((call, peer) =>
        {
            switch (call.Member)
            {
                case "Subscribe":
                    peer.Reply(call);
                    break;
                case "ListUnits":
                    // An announcement sent before the answer, as systemd's queue may send it.
                    if (announce is not null)
                    {
                        var (path, member, signature, body) = announce == "Reloading"
                            ? ("/org/freedesktop/systemd1", "Reloading", "b", new object[] { true })
                            : (Unit, "PropertiesChanged", "sa{sv}as", new object[] { "org.freedesktop.systemd1.Service", new List<object> { FakeSystemdBus.Property("MainPID", "u", pid) }, new List<object>() });
                        peer.SendRaw(DBusFraming.Encode(new DBusMessage(DBusMessageType.Signal, 900) { Path = path, Interface = announce == "Reloading" ? Manager : "org.freedesktop.DBus.Properties", Member = member, Signature = signature, Body = body }));
                        announce = null;
                    }

                    peer.Reply(call, "a(ssssssouso)", new List<object> { new object[] { "a.service", "", "loaded", "active", sub, "", Unit, 0u, "", "/" } });
                    break;
                case "Get":
                    var values = new Dictionary<string, DBusVariant> { ["MainPID"] = new("u", pid), ["MemoryCurrent"] = new("t", memory), ["NRestarts"] = new("u", 0u) };
                    if (values.TryGetValue((string)call.Body[1], out var value))
                    {
                        peer.Reply(call, "v", value);
                    }
                    else
                    {
                        peer.Error(call, "org.freedesktop.DBus.Error.UnknownProperty", "Unknown property");
                    }

                    break;
            }
        });
        using (bus)
        {
            var jobs = new[] { new InstalledJob(Daemon("a")) };
            var all = SystemdBus.StatusPropertiesBySuffix[".service"].Sum(p => p.Names.Length);
            var asked = 0;
            (BackgroundJobStatus Status, int Gets) Read()
            {
                var status = platform.GetStatus(jobs)[0];
                var gets = bus.Lines.Count(l => l.StartsWith("Get ", StringComparison.Ordinal));
                (asked, gets) = (gets, gets - asked);
                return (status, gets);
            }

            using (platform.FollowStatus())
            {
                var first = Read();
                Assert.Equal((42, all), (first.Status.ProcessId!.Value, first.Gets));
                memory = 2097152;
                pid = 43;
                var unannounced = Read();
                Assert.Equal((3, 2097152L, 42), (unannounced.Gets, unannounced.Status.MemoryBytes!.Value, unannounced.Status.ProcessId!.Value));

                announce = "PropertiesChanged";
                var changed = Read();
                Assert.Equal((all, 43), (changed.Gets, changed.Status.ProcessId!.Value));
                Assert.Equal(3, Read().Gets);

                sub = "reloading";
                Assert.Equal(all, Read().Gets);
                announce = "Reloading";
                Assert.Equal(all, Read().Gets);
                Assert.Equal(3, Read().Gets);
            }

            Assert.Equal(all, Read().Gets);
            Assert.Equal(all, Read().Gets);
            Assert.Single(bus.Lines, l => l == "Subscribe");
        }
    }

    [Fact]
    public void Every_status_property_is_asked_of_the_bus_where_the_unit_type_has_it()
    {
        var fromRows = new[] { "Id", "LoadState", "ActiveState", "SubState" };
        var asked = SystemdBus.StatusPropertiesBySuffix.Values.SelectMany(p => p).SelectMany(p => p.Names).Concat(fromRows).Distinct().OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(SystemdStatus.Properties.OrderBy(n => n, StringComparer.Ordinal), asked);
    }

    [Fact]
    public void Start_waits_for_every_job_to_end_and_names_the_one_that_failed()
    {
        var jobs = 0u;
        var (platform, _, bus) = OverBus((call, peer) =>
        {
            if (call.Member != "StartUnit")
            {
                Systemd(call, peer);
                return;
            }

            var id = ++jobs;
            var job = "/org/freedesktop/systemd1/job/" + id.ToString(CultureInfo.InvariantCulture);
            var unit = (string)call.Body[0];

            // The first job ends after its reply, the second before it: both orders happen on a real bus.
            if (id == 1)
            {
                peer.Reply(call, "o", job);
                peer.JobRemoved(id, job, unit, "done");
            }
            else
            {
                peer.JobRemoved(id, job, unit, unit == "bad.service" ? "failed" : "done");
                peer.Reply(call, "o", job);
            }
        });
        using (bus)
        {
            platform.Control(new[] { new InstalledJob(Daemon("a")), new InstalledJob(Daemon("b")) }, JobAction.Start);
            Assert.Equal(new[] { "StartUnit a.service replace", "StartUnit b.service replace" }, bus.Lines);

            jobs = 0;
            var failed = Assert.Throws<PlatformException>(() => platform.Control(new[] { new InstalledJob(Daemon("good")), new InstalledJob(Daemon("bad")) }, JobAction.Start));
            Assert.Contains("the job for bad.service ended \"failed\"", failed.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("job for good.service", failed.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Stopping_what_is_not_loaded_is_done_and_a_refusal_is_a_permission_error()
    {
        var (platform, _, bus) = OverBus((call, peer) =>
        {
            switch (call.Member)
            {
                case "StopUnit":
                    peer.Error(call, "org.freedesktop.systemd1.NoSuchUnit", $"Unit {call.Body[0]} not loaded.");
                    break;
                case "StartUnit":
                    peer.Error(call, "org.freedesktop.DBus.Error.AccessDenied", "Access denied");
                    break;
                default:
                    Systemd(call, peer);
                    break;
            }
        });
        using (bus)
        {
            platform.Control(new[] { new InstalledJob(Daemon("gone")) }, JobAction.Stop);
            var denied = Assert.Throws<PermissionDeniedException>(() => platform.Control(new[] { new InstalledJob(Daemon("a")) }, JobAction.Start));
            Assert.Contains("org.freedesktop.DBus.Error.AccessDenied", denied.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_answer_of_the_wrong_shape_or_malformed_bytes_is_a_platform_error()
    {
        var (platform, _, bus) = OverBus((call, peer) =>
        {
            if (call.Member == "ListUnits")
            {
                peer.Reply(call, "s", "not a list");
            }
            else
            {
                peer.SendRaw(new byte[] { (byte)'l', 2, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f });
            }
        });
        using (bus)
        {
            var job = new[] { new InstalledJob(Daemon("a")) };
            Assert.Contains("answered with the signature \"s\" where \"a(ssssssouso)\" was expected", Assert.Throws<PlatformException>(() => platform.GetStates(job)).Message, StringComparison.Ordinal);
            Assert.Contains("sent a malformed message", Assert.Throws<PlatformException>(() => platform.Control(job, JobAction.Restart)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_peer_that_goes_silent_is_an_error_at_the_deadline_not_a_hang()
    {
        _root.Running();
        using var bus = new FakeSystemdBus(_root.Of("/run/systemd/private"), (call, peer) =>
        {
            // A signal comes, the answer never does: the wait ends at its deadline all the same.
            peer.JobRemoved(1, "/org/freedesktop/systemd1/job/1", "other.service", "done");
            peer.Held.Add(call);
        });
        using var connection = DBusConnection.TryOpen(_root.Of("/run/systemd/private"), 0, out var whyNot, TimeSpan.FromMilliseconds(300))
            ?? throw new InvalidOperationException(whyNot);
        var signals = 0;
        connection.OnSignal = _ => signals++;
        var serial = connection.Call("/org/freedesktop/systemd1", Manager, "ListUnits");
        var silent = Assert.Throws<PlatformException>(() => connection.Reply(serial, "a(ssssssouso)"));
        Assert.Contains("did not answer within 0.3 seconds", silent.Message, StringComparison.Ordinal);
        Assert.Equal(1, signals);
        Assert.False(connection.WaitFor(() => false, DateTime.UtcNow.AddMilliseconds(100)));

        // Nobody listening: no connection, and the reason, for the caller to take systemctl instead.
        Assert.Null(DBusConnection.TryOpen(_root.Of("/run/systemd/none"), 0, out var none));
        Assert.Contains("/run/systemd/none", none, StringComparison.Ordinal);
    }

    [Fact]
    public void The_transport_is_chosen_in_one_place()
    {
        var (platform, runner, bus) = OverBus(Systemd, SystemdTransport.Systemctl);
        using (bus)
        {
            platform.Control(new[] { new InstalledJob(Daemon("a")) }, JobAction.Restart);
            Assert.Equal(new[] { "systemctl restart -- a.service" }, runner.Lines);
            Assert.Empty(bus.Lines);

            // Units for every user have no manager to call: always systemctl --global.
            var auto = _root.Platform(runner);
            auto.Control(new[] { new InstalledJob(new BackgroundJobDefinition("g", JobKind.Agent, JobScope.System) { Program = "/bin/g" }) }, JobAction.Enable);
            Assert.Equal("systemctl --global enable -- g.service", runner.Lines[^1]);
            Assert.Empty(bus.Lines);

            // Alice may not open the system manager's private socket: her view of it goes through systemctl.
            var alice = _root.Platform(runner, FakeRoot.Alice);
            alice.GetStates(new[] { new InstalledJob(Daemon("a")) });
            Assert.StartsWith("systemctl list-units", runner.Lines[^1], StringComparison.Ordinal);
            var strict = _root.Platform(runner, FakeRoot.Alice, SystemdTransport.Bus);
            Assert.Contains("SVCMGMT_SYSTEMD_TRANSPORT=bus", Assert.Throws<PlatformException>(() => strict.GetStates(new[] { new InstalledJob(Daemon("a")) })).Message, StringComparison.Ordinal);

            auto.Control(new[] { new InstalledJob(Daemon("a")) }, JobAction.Restart);
            Assert.Equal(new[] { "RestartUnit a.service replace" }, bus.Lines);
        }

        // No socket: systemctl, unless the bus was demanded.
        File.Delete(_root.Of("/run/systemd/private"));
        var fallback = new FakeCommandRunner();
        _root.Platform(fallback).Control(new[] { new InstalledJob(Daemon("a")) }, JobAction.Stop);
        Assert.Equal(new[] { "systemctl stop -- a.service" }, fallback.Lines);
        Assert.Throws<PlatformException>(() => _root.Platform(fallback, transport: SystemdTransport.Bus).Control(new[] { new InstalledJob(Daemon("a")) }, JobAction.Stop));
    }
}
