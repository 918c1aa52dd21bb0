using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ServiceManagement.Tests.Platforms.Systemd;

public class SystemdTranslatorTests
{
    private readonly ITestOutputHelper _output;

    public SystemdTranslatorTests(ITestOutputHelper output) => _output = output;

    private static readonly BackgroundJobDefinition Daemon = new("com.example.job", JobKind.Daemon, JobScope.System) { Program = "/bin/sleep", Arguments = ValueList.Of("1000") };

    internal static IReadOnlyList<BackgroundJobDefinition> Samples() => ConfigurationLoader.Load(Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Samples", "linux.yaml")).Definitions.ToList();

    private static BackgroundJobDefinition RoundTrip(BackgroundJobDefinition definition)
    {
        var rendered = SystemdTranslator.Render(definition);
        var files = rendered.Where(f => !f.Secret && f.Directory == NativeFileDirectory.Job).ToDictionary(f => f.Name, f => UnitFile.Parse(f.Content, f.Name));
        var sockets = files.Where(f => f.Key.EndsWith(".socket", StringComparison.Ordinal)).OrderBy(f => f.Key == definition.Name + ".socket" ? 0 : 1).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value).ToList();
        var units = new SystemdUnits(definition.Name, files[SystemdTranslator.ServiceUnit(definition)])
        {
            Timer = files.GetValueOrDefault(definition.Name + ".timer"),
            Sockets = sockets,
            Path = files.GetValueOrDefault(definition.Name + ".path"),
            Secrets = rendered.SingleOrDefault(f => f.Secret) is { } secrets ? SystemdSecrets.Parse(secrets.Content, secrets.Name) : null,
        };
        return SystemdTranslator.Parse(units, JobKind.Daemon, JobScope.System);
    }

    [Fact]
    public void Renders_the_samples_as_the_golden_files()
    {
        foreach (var definition in Samples().Where(d => d.Kind != JobKind.LoginItem))
        {
            foreach (var file in SystemdTranslator.Render(definition))
            {
                Golden.Assert("linux/" + file.Name, file.Content);
            }
        }
    }

    [Fact]
    public void Every_modelled_property_reads_back_equal()
    {
        foreach (var definition in Samples().Where(d => d.Kind != JobKind.LoginItem))
        {
            var back = RoundTrip(definition);
            Assert.True(back.Managed);
            Assert.Equal(ValueMap<RawValue>.Empty, back.Unmodelled);
            Assert.Equal(definition, back with { Managed = false, Platform = null, Origin = JobOrigin.Authored, Unmodelled = ValueMap<RawValue>.Empty, Systemd = definition.Systemd });
        }
    }

    [Fact]
    public void Secret_values_go_to_the_secrets_file_only_and_read_back_whatever_they_hold()
    {
        var hostile = "a \"quoted\" $HOME `cmd` back\\slash 100% 'single' ünïcode = # end";
        var definition = Daemon with
        {
            Environment = ValueMap<string>.From(new[] { ("TOKEN", hostile), ("PLAIN", "visible"), ("EMPTY", string.Empty) }),
            SecretEnvironment = ValueList.Of("EMPTY", "TOKEN"),
        };
        var files = SystemdTranslator.Render(definition);
        var service = UnitFile.Parse(files[0].Content, "service");
        Assert.Equal(new[] { "\"PLAIN=visible\"" }, service.All("Service", "Environment"));
        Assert.Equal(new[] { SystemdSecrets.EnvironmentFile }, service.All("Service", "EnvironmentFile"));
        Assert.DoesNotContain("quoted", files[0].Content, StringComparison.Ordinal);
        var secrets = Assert.Single(files, f => f.Secret);
        Assert.Equal("servicemanagement/secrets/" + definition.Name + ".env", secrets.Name);
        Assert.Equal(new[] { ("EMPTY", string.Empty), ("TOKEN", hostile) }, SystemdSecrets.Parse(secrets.Content, "x").Select(e => (e.Key, e.Value)));
        Assert.Equal(definition with { Managed = true }, RoundTrip(definition) with { Platform = null, Origin = JobOrigin.Authored });
    }

    [Theory]
    [InlineData("TOKEN=unquoted\n", 1)]
    [InlineData("# comment\nTOKEN=\"open\n", 2)]
    [InlineData("A=\"ok\"\nB=\"in\"side\"\n", 2)]
    [InlineData("A=\"ends in \\\"\n", 1)]
    [InlineData("=\"no name\"\n", 1)]
    public void A_malformed_secrets_file_is_a_typed_error_naming_its_line(string text, int line)
    {
        var error = Assert.Throws<ServiceManagement.Validation.InvalidDefinitionException>(() => SystemdSecrets.Parse(text, "/etc/servicemanagement/secrets/x.env"));
        var finding = Assert.Single(error.Findings);
        Assert.Equal("SecretsFileMalformed", finding.Code);
        Assert.Equal(new ServiceManagement.Validation.SourceLocation("/etc/servicemanagement/secrets/x.env", line, 1), finding.Location);
    }

    [Fact]
    public void Extras_override_and_add_directives_in_the_right_files()
    {
        var extras = ValueMap<RawValue>.From(new[]
        {
            ("Service", (RawValue)new RawMap(ValueMap<RawValue>.From(new[] { ("Type", (RawValue)new RawScalar("notify")), ("ExecStartPre", new RawList(ValueList.Of<RawValue>(new RawScalar("-/bin/true"), new RawScalar("/bin/true")))) }))),
            ("Timer", new RawMap(ValueMap<RawValue>.From(new[] { ("RandomizedDelaySec", (RawValue)new RawScalar("5m")) }))),
        });
        var files = SystemdTranslator.Render(Daemon with { Systemd = extras, Schedule = Schedule.EveryInterval(Duration.Parse("1h")) });
        var service = UnitFile.Parse(files[0].Content, "s");
        Assert.Equal("notify", service.Last("Service", "Type"));
        Assert.Equal(new[] { "-/bin/true", "/bin/true" }, service.All("Service", "ExecStartPre"));
        Assert.Equal("5m", UnitFile.Parse(files[1].Content, "t").Last("Timer", "RandomizedDelaySec"));
    }

    [Fact]
    public void Keeps_what_it_does_not_model_verbatim_including_exec_prefixes()
    {
        var text = "[Unit]\nDescription=Vendor daemon\nAfter=network.target remote-fs.target\nConditionPathExists=/etc/x\n\n[Service]\nType=forking\nExecStartPre=-/usr/sbin/check %i\nExecStart=-/usr/sbin/daemon --pid $MAINPID\nExecReload=/bin/kill -HUP $MAINPID\nRestart=on-abnormal\n\n[Install]\nWantedBy=multi-user.target\nAlias=vendor.service\n";
        var units = new SystemdUnits("vendor", UnitFile.Parse(text, "vendor.service"));
        var definition = SystemdTranslator.Parse(units, JobKind.Daemon, JobScope.System);
        Assert.Null(definition.Program);
        Assert.Null(definition.Restart);
        Assert.False(definition.Managed);
        var service = (RawMap)definition.Unmodelled["Service"];
        Assert.Equal(new RawScalar("-/usr/sbin/daemon --pid $MAINPID"), service.Entries["ExecStart"]);
        Assert.Equal(new RawScalar("on-abnormal"), service.Entries["Restart"]);

        var rendered = UnitFile.Parse(SystemdTranslator.Render(definition)[0].Content, "again");
        foreach (var (section, key) in new[] { ("Service", "ExecStart"), ("Service", "ExecStartPre"), ("Service", "ExecReload"), ("Unit", "After"), ("Unit", "ConditionPathExists"), ("Install", "Alias"), ("Install", "WantedBy") })
        {
            Assert.Equal(units.Service.All(section, key), rendered.All(section, key));
        }

        Assert.Equal(new[] { "true" }, rendered.All("Unit", SystemdTranslator.MarkerKey));
    }

    [Fact]
    public void Our_marker_survives_the_round_trip()
    {
        var back = RoundTrip(Daemon);
        Assert.True(back.Managed);
        Assert.Contains(SystemdTranslator.MarkerKey + "=true", SystemdTranslator.Render(back)[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_an_earlier_version_marked_with_yes_is_still_ours()
    {
        var earlier = SystemdTranslator.Render(Daemon)[0].Content.Replace("X-ServiceManagement-Managed=true", "X-ServiceManagement-Managed=yes", StringComparison.Ordinal);
        Assert.Contains("X-ServiceManagement-Managed=yes", earlier, StringComparison.Ordinal);

        var read = SystemdTranslator.Parse(new SystemdUnits("com.example.job", UnitFile.Parse(earlier, "com.example.job.service")), JobKind.Agent, JobScope.User);

        Assert.True(read.Managed);
        Assert.Equal((JobKind.Daemon, JobScope.System), (read.Kind, read.Scope));
    }

    /// <summary>
    /// parse → render → parse gives the same definition for every unit this machine ships: nothing
    /// crashes, and whatever the model does not express is carried through.
    /// </summary>
    [Fact]
    public void Reads_renders_and_rereads_every_unit_file_on_this_machine()
    {
        var files = new[] { "/lib/systemd", "/usr/lib/systemd" }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => new[] { ".service", ".socket", ".timer" }.Any(s => f.EndsWith(s, StringComparison.Ordinal)) && new FileInfo(f).Length > 0)
            .Select(f => Path.GetFullPath(f))
            .Distinct()
            .ToList();
        Assert.NotEmpty(files);
        var withUnmodelled = 0;
        foreach (var path in files)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var file = UnitFile.Parse(File.ReadAllText(path), path);
            var units = path.EndsWith(".service", StringComparison.Ordinal)
                ? new SystemdUnits(name, file)
                : path.EndsWith(".timer", StringComparison.Ordinal)
                    ? new SystemdUnits(name, new UnitFile(Array.Empty<UnitSection>())) { Timer = file }
                    : new SystemdUnits(name, new UnitFile(Array.Empty<UnitSection>())) { Sockets = new[] { file } };
            var first = SystemdTranslator.Parse(units, JobKind.Daemon, JobScope.System);
            var rendered = SystemdTranslator.Render(first).ToDictionary(f => f.Name, f => UnitFile.Parse(f.Content, f.Name));
            var again = new SystemdUnits(name, rendered.GetValueOrDefault(name + ".service") ?? new UnitFile(Array.Empty<UnitSection>()))
            {
                Timer = rendered.GetValueOrDefault(name + ".timer"),
                Sockets = rendered.Where(r => r.Key.EndsWith(".socket", StringComparison.Ordinal)).Select(r => r.Value).ToList(),
            };
            var second = SystemdTranslator.Parse(again, JobKind.Daemon, JobScope.System);
            Assert.True(second.Managed, $"{path}: what is rendered carries the marker.");
            Assert.True(first == second with { Managed = first.Managed }, $"{path} reads differently after rendering.");
            withUnmodelled += first.Unmodelled.Count > 0 ? 1 : 0;
        }

        _output.WriteLine($"Read, rendered and re-read {files.Count} unit files ({withUnmodelled} with unmodelled directives kept).");
        Console.WriteLine($"systemd corpus: {files.Count} unit files round-tripped, {withUnmodelled} with unmodelled directives kept.");
    }

    public static IEnumerable<object[]> Confinements() => new (SandboxProfile?, Confinement)[]
    {
        (null, new Confinement { Network = NetworkAccess.None }),
        (null, new Confinement { Network = NetworkAccess.Local, DynamicUser = true }),
        (SandboxProfile.Strict, new Confinement { Network = NetworkAccess.None, WritablePaths = ValueList.Of("/var/lib/x", "/srv/y"), Privileges = ValueList.Of("CAP_NET_BIND_SERVICE") }),
        (SandboxProfile.Basic, new Confinement { ReadOnlyFileSystem = true, HiddenPaths = ValueList.Of("/srv/private"), NoDevices = true, Privileges = ValueList<string>.Empty }),
        (null, new Confinement { ReadOnlyFileSystem = true, WritablePaths = ValueList.Of("/var/lib/x") }),
        (SandboxProfile.Strict, new Confinement { DynamicUser = true }),
    }.Select(c => new object[] { c.Item1 is { } p ? p.ToString() : "-", c.Item2 });

    /// <summary>Every profile-and-capabilities combination reads back as itself (capabilities a profile implies fold into it).</summary>
    [Theory]
    [MemberData(nameof(Confinements))]
    public void Capabilities_read_back_as_written(string profile, Confinement confinement)
    {
        var definition = Daemon with { Sandbox = profile == "-" ? null : Enum.Parse<SandboxProfile>(profile), Confinement = confinement };
        var back = RoundTrip(definition);
        Assert.Equal(ValueMap<RawValue>.Empty, back.Unmodelled);
        Assert.Equal((definition.Sandbox, definition.Confinement), (back.Sandbox, back.Confinement));
    }

    [Fact]
    public void Network_none_takes_the_network_away_and_local_keeps_only_this_machine()
    {
        var none = UnitFile.Parse(SystemdTranslator.Render(Daemon with { Sandbox = SandboxProfile.Strict, Confinement = new Confinement { Network = NetworkAccess.None } })[0].Content, "none");
        Assert.Equal(("yes", "AF_UNIX", "any"), (none.Last("Service", "PrivateNetwork"), Assert.Single(none.All("Service", "RestrictAddressFamilies")), none.Last("Service", "IPAddressDeny")));
        var local = UnitFile.Parse(SystemdTranslator.Render(Daemon with { Confinement = new Confinement { Network = NetworkAccess.Local, Privileges = ValueList.Of("CAP_NET_BIND_SERVICE") } })[0].Content, "local");
        Assert.Equal(("any", "localhost", null), (local.Last("Service", "IPAddressDeny"), local.Last("Service", "IPAddressAllow"), local.Last("Service", "PrivateNetwork")));
        Assert.Equal(("CAP_NET_BIND_SERVICE", "CAP_NET_BIND_SERVICE"), (local.Last("Service", "CapabilityBoundingSet"), local.Last("Service", "AmbientCapabilities")));
    }

    [Fact]
    public void A_vendor_units_hardening_that_no_combination_writes_stays_as_its_directives()
    {
        var units = new SystemdUnits("vendor", UnitFile.Parse("[Service]\nExecStart=/bin/v\nPrivateNetwork=yes\nDynamicUser=yes\n", "vendor.service"));
        var read = SystemdTranslator.Parse(units, JobKind.Daemon, JobScope.System);
        Assert.Null(read.Confinement);
        Assert.Contains("PrivateNetwork", read.Unmodelled["Service"].ToString(), StringComparison.Ordinal);
        var dynamic = SystemdTranslator.Parse(new SystemdUnits("vendor", UnitFile.Parse("[Service]\nExecStart=/bin/v\nDynamicUser=yes\n", "vendor.service")), JobKind.Daemon, JobScope.System);
        Assert.Equal(new Confinement { DynamicUser = true }, dynamic.Confinement);
    }

    /// <summary>
    /// systemd's own analyser scores a plain daemon with each profile (0 is the best exposure, 10 the worst):
    /// strict at most 2.5 and basic at most 5.0, well below the 9.6 of no sandbox. The figures are printed.
    /// </summary>
    [Theory]
    [InlineData(SandboxProfile.Strict, 2.5)]
    [InlineData(SandboxProfile.Basic, 5.0)]
    [InlineData(SandboxProfile.None, 10.0)]
    public void Systemd_analyze_security_scores_the_sandbox_profiles(SandboxProfile profile, double bound)
    {
        if (Prerequisites.FindOnPath("systemd-analyze") is null)
        {
            Assert.False(Prerequisites.IsCi, "systemd-analyze is required under CI (tests/run.sh installs systemd).");
            return;
        }

        var directory = Directory.CreateTempSubdirectory("sm-security-").FullName;
        try
        {
            var unit = Path.Combine(directory, "sm-scored.service");
            File.WriteAllText(unit, SystemdTranslator.Render(Daemon with { Name = "sm-scored", Sandbox = profile })[0].Content);
            var result = new ProcessCommandRunner().Run(new CommandLine("systemd-analyze", new[] { "security", "--offline=yes", unit }));
            var score = System.Text.RegularExpressions.Regex.Match(result.StandardOutput, @"Overall exposure level for sm-scored\.service: ([0-9.]+)");
            Assert.True(score.Success, result.StandardOutput + result.StandardError);
            var exposure = double.Parse(score.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            _output.WriteLine($"systemd-analyze security, sandbox {profile}: {exposure}");
            Assert.True(exposure <= bound, $"sandbox {profile} scores {exposure}, above {bound}");
            if (profile == SandboxProfile.None)
            {
                Assert.True(exposure > 9, $"an unsandboxed daemon scores {exposure}: the analyser's scale moved");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Every_rendered_unit_passes_systemd_analyze_verify()
    {
        if (Prerequisites.FindOnPath("systemd-analyze") is null)
        {
            Assert.False(Prerequisites.IsCi, "systemd-analyze is required under CI (tests/run.sh installs systemd).");
            return;
        }

        var directory = Directory.CreateTempSubdirectory("sm-verify-").FullName;
        try
        {
            var paths = new List<string>();
            foreach (var file in Samples().Where(d => d.Kind != JobKind.LoginItem).SelectMany(SystemdTranslator.Render).Where(f => !f.Secret && f.Directory == NativeFileDirectory.Job))
            {
                var path = Path.Combine(directory, file.Name);
                File.WriteAllText(path, file.Content);
                paths.Add(path);
            }

            var result = new ProcessCommandRunner().Run(new CommandLine("systemd-analyze", new[] { "verify", "--man=no", "--recursive-errors=no" }.Concat(paths).ToList()));
            var errors = result.StandardError + result.StandardOutput;
            Assert.True(result.Succeeded && errors.Trim().Length == 0, $"systemd-analyze verify ({paths.Count} files): {errors}");
        }

        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Sockets_and_timers_become_their_own_units()
    {
        var definition = Daemon with
        {
            Schedule = Schedule.OnCron("0 2 * * *"),
            Sockets = ValueList.Of(new SocketSpec("web", SocketProtocol.Tcp) { Address = "::1", Port = 443 }, new SocketSpec("dns", SocketProtocol.Udp) { Address = "127.0.0.1", Port = 53 }),
        };
        var files = SystemdTranslator.Render(definition).ToDictionary(f => f.Name, f => UnitFile.Parse(f.Content, f.Name));
        Assert.Equal(new[] { "com.example.job.service", "com.example.job.timer", "com.example.job.socket", "com.example.job-dns.socket" }, files.Keys);
        Assert.Equal("[::1]:443", files["com.example.job.socket"].Last("Socket", "ListenStream"));
        Assert.Equal("127.0.0.1:53", files["com.example.job-dns.socket"].Last("Socket", "ListenDatagram"));
        Assert.Equal("com.example.job.service", files["com.example.job-dns.socket"].Last("Socket", "Service"));
        Assert.Equal(new[] { "*-*-* 2:0:00" }, files["com.example.job.timer"].All("Timer", "OnCalendar"));
        Assert.Equal("true", files["com.example.job.timer"].Last("Timer", "Persistent"));
        Assert.Empty(files["com.example.job.service"].All("Install", "WantedBy"));
        Assert.Equal(definition, RoundTrip(definition) with { Managed = false, Platform = null, Origin = JobOrigin.Authored });
    }

    [Theory]
    [InlineData(JobKind.Daemon, "multi-user.target")]
    [InlineData(JobKind.Agent, "default.target")]
    public void Installs_daemons_for_boot_and_agents_for_the_session(JobKind kind, string target)
    {
        var files = SystemdTranslator.Render(Daemon with { Kind = kind, Scope = kind == JobKind.Agent ? JobScope.User : JobScope.System });
        Assert.Equal(target, UnitFile.Parse(files[0].Content, "x").Last("Install", "WantedBy"));
    }
}
