using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Platforms.Xdg;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

public sealed class LinuxStoreTests : IDisposable
{
    private readonly FakeRoot _root = new();

    public void Dispose() => _root.Dispose();

    private IReadOnlyList<InstalledJob> Inventory(PosixUser? user = null, string? xdgConfigHome = null, string? xdgConfigDirs = null) =>
        new LinuxPlatform(_root.Layout(user, xdgConfigHome, xdgConfigDirs), new FakeCommandRunner()).GetJobs(JobQuery.All);

    private InstalledJob Job(string name, IReadOnlyList<InstalledJob>? jobs = null) => (jobs ?? Inventory()).Single(j => j.Definition.Name == name);

    [Fact]
    public void A_unit_the_bus_starts_by_name_reads_back_activated_and_damaged_bus_files_activate_nothing()
    {
        _root.Write("/etc/systemd/system/echo.service", "[Service]\nType=notify\nBusName=org.example.Echo\nExecStart=/usr/bin/echod\n");
        _root.Write("/usr/local/share/dbus-1/system-services/org.example.Echo.service", "[D-BUS Service]\nName=org.example.Echo\nExec=/bin/false\nUser=root\nSystemdService=echo.service\n");
        // Higher in the bus's order than the vendor's file of the same name, which is shadowed.
        _root.Write("/usr/share/dbus-1/system-services/org.example.Echo.service", "[D-BUS Service]\nName=org.example.Echo\nSystemdService=other.service\n");
        _root.Write("/usr/share/dbus-1/system-services/garbage.service", "\0\u0001[D-BUS Service\nName\n=\n" + new string('[', 100000));
        _root.Write("/usr/share/dbus-1/system-services/no-unit.service", "[D-BUS Service]\nName=org.example.Exec\nExec=/usr/bin/x\n");
        _root.Write("/etc/systemd/system/plain.service", "[Service]\nType=dbus\nBusName=org.example.Plain\nExecStart=/usr/bin/plain\n");

        var jobs = Inventory();
        var echo = Job("echo", jobs);
        Assert.Equal("org.example.Echo", echo.Definition.Activation?.Name);
        Assert.Equal("org.example.Echo", echo.ActivationName);
        Assert.True(echo.Triggered);
        Assert.Contains(_root.Of("/usr/local/share/dbus-1/system-services/org.example.Echo.service"), echo.Files);
        Assert.Equal("notify", ((RawMap)echo.Definition.Unmodelled["Service"]).Entries["Type"].ToString());

        // A dbus-typed unit no bus file names says its name, but nothing starts it: no bus file, not triggered by one.
        var plain = Job("plain", jobs);
        Assert.Equal("org.example.Plain", plain.Definition.Activation?.Name);
        Assert.Null(plain.ActivationName);
    }

    [Fact]
    public void The_first_directory_of_the_search_path_wins()
    {
        _root.Write("/lib/systemd/system/web.service", "[Service]\nExecStart=/usr/bin/vendor\n");
        _root.Write("/etc/systemd/system/web.service", "[Service]\nExecStart=/usr/bin/admin\n");
        var web = Job("web");
        Assert.Equal("/usr/bin/admin", web.Definition.Program);
        Assert.Equal(_root.Of("/etc/systemd/system/web.service"), web.Definition.SourcePath);
        Assert.Equal((JobKind.Daemon, JobScope.System), (web.Definition.Kind, web.Definition.Scope));
    }

    [Fact]
    public void Asked_for_definitions_inventory_reads_only_the_managers_of_their_kind_and_scope_and_only_their_files()
    {
        _root.Write("/etc/systemd/system/web.service", "[Service]\nExecStart=/usr/bin/web\n");
        _root.Write("/etc/systemd/system/web-api.socket", "[Socket]\nListenStream=/run/web.sock\nFileDescriptorName=api\nService=web.service\n");
        _root.Write("/etc/systemd/system/other.service", "[Service]\nExecStart=/usr/bin/other\n");
        _root.Write("/etc/systemd/system/other.service.d/x.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/other2\n");
        _root.Write("/home/alice/.config/systemd/user/web.service", "[Service]\nExecStart=/usr/bin/personal\n");
        _root.Write("/etc/xdg/autostart/web.desktop", "[Desktop Entry]\nType=Application\nName=web\nExec=/usr/bin/login\n");
        var platform = _root.Platform();

        var byName = platform.GetJobs(new JobQuery { Names = new[] { "web" } });
        Assert.Equal(new[] { JobKind.Daemon, JobKind.Agent, JobKind.LoginItem }.OrderBy(k => k), byName.Select(j => j.Definition.Kind).OrderBy(k => k));

        var daemon = Assert.Single(platform.GetJobs(JobQuery.Naming(new[] { new BackgroundJobDefinition("web", JobKind.Daemon, JobScope.System) })));
        Assert.Equal("/usr/bin/web", daemon.Definition.Program);
        Assert.Equal("api", Assert.Single(daemon.Definition.Sockets).Name);
        var agent = Assert.Single(platform.GetJobs(JobQuery.Naming(new[] { new BackgroundJobDefinition("web", JobKind.Agent, JobScope.User) { User = "alice" } })));
        Assert.Equal("/usr/bin/personal", agent.Definition.Program);

        // A name asked for alone still gets its drop-ins, as the whole inventory does.
        Assert.Equal("/usr/bin/other2", Assert.Single(platform.GetJobs(new JobQuery { Names = new[] { "other" } }), j => j.Definition.Kind == JobKind.Daemon).Definition.Program);
        Assert.Equal("/usr/bin/other2", Job("other").Definition.Program);
    }

    [Fact]
    public void Drop_ins_apply_in_file_name_order_across_directories_and_a_higher_one_replaces_a_namesake()
    {
        _root.Write("/lib/systemd/system/web.service", "[Service]\nExecStart=/usr/bin/web\n");
        _root.Write("/lib/systemd/system/web.service.d/10-vendor.conf", "[Unit]\nDescription=vendor\n");
        _root.Write("/lib/systemd/system/web.service.d/30-shadowed.conf", "[Unit]\nDescription=shadowed\n");
        _root.Write("/etc/systemd/system/web.service.d/30-shadowed.conf", "[Unit]\nDocumentation=man:web\n");
        _root.Write("/etc/systemd/system/web.service.d/20-admin.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/web --admin\n[Unit]\nDescription=admin\n");
        _root.Write("/etc/systemd/system/service.d/05-all.conf", "[Unit]\nDescription=all services\n");
        var web = Job("web");
        Assert.Equal("admin", web.Definition.Description);
        Assert.Equal(("/usr/bin/web", "--admin"), (web.Definition.Program, web.Definition.Arguments.Single()));
        Assert.Equal(new[] { "05-all.conf", "10-vendor.conf", "20-admin.conf", "30-shadowed.conf" }, web.Files.Skip(1).Select(Path.GetFileName));
        Assert.Contains(_root.Of("/etc/systemd/system/web.service.d/30-shadowed.conf"), web.Files);
    }

    [Fact]
    public void A_unit_linked_to_dev_null_is_masked()
    {
        _root.Write("/lib/systemd/system/old.service", "[Service]\nExecStart=/usr/bin/old\n");
        _root.Link("/etc/systemd/system/old.service", "/dev/null");
        var old = Job("old");
        Assert.True(old.Masked);
        Assert.Equal(StartupType.Disabled, old.Definition.StartupType);
        Assert.Equal("UnitMasked", Assert.Single(old.Findings).Code);
    }

    [Fact]
    public void Aliases_are_not_listed_twice_and_templates_list_their_enabled_instances()
    {
        _root.Write("/lib/systemd/system/real.service", "[Service]\nExecStart=/usr/bin/real\n[Install]\nAlias=other.service\n");
        _root.Link("/etc/systemd/system/other.service", "/lib/systemd/system/real.service");
        _root.Write("/lib/systemd/system/getty@.service", "[Service]\nExecStart=-/sbin/agetty %I\n[Install]\nWantedBy=getty.target\n");
        _root.Link("/etc/systemd/system/getty.target.wants/getty@tty1.service", "/lib/systemd/system/getty@.service");
        var names = Inventory().Select(j => j.Definition.Name).ToList();
        Assert.Equal(new[] { "getty@", "getty@tty1", "real" }, names);
        Assert.Equal(StartupType.Automatic, Job("getty@tty1").Definition.StartupType);
        Assert.Equal(StartupType.Manual, Job("getty@").Definition.StartupType);
    }

    [Fact]
    public void Enablement_gives_the_startup_type_of_units_we_did_not_write()
    {
        _root.Write("/lib/systemd/system/on.service", "[Service]\nExecStart=/bin/on\n[Install]\nWantedBy=multi-user.target\n");
        _root.Link("/etc/systemd/system/multi-user.target.wants/on.service", "/lib/systemd/system/on.service");
        _root.Write("/lib/systemd/system/off.service", "[Service]\nExecStart=/bin/off\n[Install]\nWantedBy=multi-user.target\n");
        _root.Write("/lib/systemd/system/static.service", "[Service]\nExecStart=/bin/static\n");
        _root.Write("/lib/systemd/system/tick.service", "[Service]\nExecStart=/bin/tick\n");
        _root.Write("/lib/systemd/system/tick.timer", "[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n");
        _root.Link("/etc/systemd/system/timers.target.wants/tick.timer", "/lib/systemd/system/tick.timer");
        var jobs = Inventory();
        Assert.Equal(StartupType.Automatic, Job("on", jobs).Definition.StartupType);
        Assert.Equal(StartupType.Manual, Job("off", jobs).Definition.StartupType);
        Assert.Null(Job("static", jobs).Definition.StartupType);
        var tick = Job("tick", jobs);
        Assert.Equal(StartupType.Automatic, tick.Definition.StartupType);
        Assert.Contains(_root.Of("/lib/systemd/system/tick.timer"), tick.Files);
        Assert.Equal(new RawScalar("daily"), ((RawMap)tick.Definition.Unmodelled["Timer"]).Entries["OnCalendar"]);
    }

    [Fact]
    public void A_malformed_file_is_a_finding_on_its_job_and_inventory_goes_on()
    {
        _root.Write("/etc/systemd/system/bad.service", "[Service]\nthis line has no equals\nExecStart=/bin/bad\n");
        _root.Write("/etc/systemd/system/good.service", "[Service]\nExecStart=/bin/good\n");
        var jobs = Inventory();
        var finding = Assert.Single(Job("bad", jobs).Findings);
        Assert.Equal(("UnitFileMalformed", 2), (finding.Code, finding.Location!.Line));
        Assert.Equal("/bin/bad", Job("bad", jobs).Definition.Program);
        Assert.Empty(Job("good", jobs).Findings);
    }

    [Fact]
    public void An_outline_names_the_same_jobs_files_and_triggers_as_a_whole_read_without_reading_a_unit()
    {
        _root.Write("/etc/systemd/system/web.service", "[Service]\nExecStart=/usr/bin/web\n[Install]\nWantedBy=multi-user.target\n");
        _root.Link("/etc/systemd/system/multi-user.target.wants/web.service", "../web.service");
        _root.Write("/etc/systemd/system/web.service.d/limits.conf", "[Service]\nNice=5\n");
        _root.Write("/etc/systemd/system/tick.service", "[Service]\nExecStart=/bin/tick\n");
        _root.Write("/etc/systemd/system/tick.timer", "[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n");
        _root.Write("/etc/systemd/system/db.service", "[Service]\nExecStart=/bin/db\n");
        _root.Write("/etc/systemd/system/db.socket", "[Socket]\nListenStream=/run/db.sock\n");
        _root.Write("/etc/systemd/system/db-admin.socket", "[Socket]\nListenStream=/run/db-admin.sock\nService=db.service\n");
        _root.Write("/etc/systemd/system/db-other.socket", "[Socket]\nListenStream=/run/other.sock\nService=other.service\n");
        _root.Link("/etc/systemd/system/gone.service", "/dev/null");
        _root.Write("/etc/systemd/system/bad.service", "[Service]\nthis line has no equals\nExecStart=/bin/bad\n");
        _root.Write("/home/alice/.config/systemd/user/mine.service", "[Service]\nExecStart=/bin/mine\n");
        var platform = _root.Platform();

        var whole = platform.GetJobs(JobQuery.All);
        var outline = platform.GetJobs(JobQuery.All.ForStatus());
        Assert.All(outline, j => Assert.True(j.Outline || j.Definition.Kind == JobKind.LoginItem));
        Assert.Equal(
            whole.Select(j => (j.Definition.Name, j.Definition.Kind, j.Definition.Scope, j.Definition.User, string.Join(" ", j.Files), j.Masked, j.Enabled == true, j.Triggered)),
            outline.Select(j => (j.Definition.Name, j.Definition.Kind, j.Definition.Scope, j.Definition.User, string.Join(" ", j.Files), j.Masked, j.Enabled == true, j.Triggered)));
        Assert.Equal(new[] { "db", "tick" }, outline.Where(j => j.Triggered).Select(j => j.Definition.Name));

        // Only a whole read opens the units: the malformed one is a finding there, and its program is known.
        Assert.Equal("UnitFileMalformed", Assert.Single(whole.Single(j => j.Definition.Name == "bad").Findings).Code);
        var bad = outline.Single(j => j.Definition.Name == "bad");
        Assert.Empty(bad.Findings);
        Assert.Null(bad.Definition.Program);

        // Managed jobs are known by a mark inside their files: asking for them reads the files whatever is asked.
        Assert.All(platform.GetJobs(new JobQuery { ManagedOnly = true, Outline = true }), j => Assert.False(j.Outline));
    }

    [Fact]
    public void Lists_global_and_personal_agents_and_login_items()
    {
        _root.Write("/etc/systemd/user/everyone.service", "[Service]\nExecStart=/bin/everyone\n");
        _root.Write("/home/alice/.config/systemd/user/mine.service", "[Service]\nExecStart=/bin/mine\n");
        _root.Write("/home/alice/.config/autostart/notes.desktop", "[Desktop Entry]\nType=Application\nName=Notes\nExec=/usr/bin/notes\n");
        _root.Write("/etc/xdg/autostart/tray.desktop", "[Desktop Entry]\nType=Application\nName=Tray\nExec=/usr/bin/tray\nHidden=true\n");
        var jobs = Inventory();
        Assert.Equal((JobKind.Agent, JobScope.System, (string?)null), Identity(Job("everyone", jobs)));
        Assert.Equal((JobKind.Agent, JobScope.User, "alice"), Identity(Job("mine", jobs)));
        Assert.Equal((JobKind.LoginItem, JobScope.User, "alice"), Identity(Job("notes", jobs)));
        Assert.Equal((JobKind.LoginItem, JobScope.System, (string?)null), Identity(Job("tray", jobs)));
        Assert.Equal(StartupType.Disabled, Job("tray", jobs).Definition.StartupType);
        Assert.Single(jobs, j => j.Definition.Name == "everyone");
    }

    [Fact]
    public void Honours_XDG_CONFIG_HOME_and_XDG_CONFIG_DIRS()
    {
        _root.Write("/home/alice/elsewhere/autostart/moved.desktop", "[Desktop Entry]\nType=Application\nName=Moved\nExec=/bin/moved\n");
        _root.Write("/home/alice/.config/autostart/ignored.desktop", "[Desktop Entry]\nType=Application\nName=Ignored\nExec=/bin/ignored\n");
        _root.Write("/opt/xdg/autostart/vendor.desktop", "[Desktop Entry]\nType=Application\nName=Vendor\nExec=/bin/vendor\n");
        _root.Write("/etc/xdg/autostart/vendor.desktop", "[Desktop Entry]\nType=Application\nName=Shadowed\nExec=/bin/shadowed\n");
        var jobs = Inventory(FakeRoot.Alice, "/home/alice/elsewhere", "/opt/xdg:/etc/xdg");
        Assert.Equal(new[] { "moved", "vendor" }, jobs.Where(j => j.Definition.Kind == JobKind.LoginItem).Select(j => j.Definition.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("/bin/vendor", Job("vendor", jobs).Definition.Program);
    }

    private static (JobKind, JobScope, string?) Identity(InstalledJob job) => (job.Definition.Kind, job.Definition.Scope, job.Definition.User);

    [Fact]
    public void Writes_each_kind_only_where_it_belongs_with_mode_0644_and_the_right_owner()
    {
        var platform = _root.Platform();
        var result = platform.Write(new[]
        {
            new BackgroundJobDefinition("d", JobKind.Daemon, JobScope.System) { Program = "/bin/d" },
            new BackgroundJobDefinition("all", JobKind.Agent, JobScope.System) { Program = "/bin/all" },
            new BackgroundJobDefinition("mine", JobKind.Agent, JobScope.User) { User = "alice", Program = "/bin/mine" },
            new BackgroundJobDefinition("login", JobKind.LoginItem, JobScope.User) { User = "alice", Program = "/bin/login" },
            new BackgroundJobDefinition("everyone", JobKind.LoginItem, JobScope.System) { Program = "/bin/everyone" },
        }, new WriteOptions());
        var expected = new[]
        {
            "/etc/systemd/system/d.service", "/etc/systemd/user/all.service", "/home/alice/.config/systemd/user/mine.service",
            "/home/alice/.config/autostart/login.desktop", "/etc/xdg/autostart/everyone.desktop",
        };
        Assert.Equal(expected.Select(_root.Of), result.ChangedFiles);
        Assert.All(expected, p => Assert.Equal("644", FakeRoot.Stat(_root.Of(p)).Mode));
        if (ServiceManagement.IO.Posix.EffectiveUserId == 0)
        {
            Assert.Equal((1000, 1000), (FakeRoot.Stat(_root.Of("/home/alice/.config/systemd/user/mine.service")).Uid, FakeRoot.Stat(_root.Of("/home/alice/.config/systemd/user")).Gid));
            Assert.Equal(1000, FakeRoot.Stat(_root.Of("/home/alice/.config/autostart/login.desktop")).Uid);
            Assert.Equal(0, FakeRoot.Stat(_root.Of("/etc/systemd/system/d.service")).Uid);
        }

        Assert.Empty(Directory.GetFiles(_root.Of("/etc/systemd/system"), ".*"));
        Assert.Equal(new[]
        {
            "login starts at alice's next login.",
            "everyone starts at each user's next login.",
            "systemd is not running; the units were written and enabled offline, and start when it runs.",
            "The user manager of alice is not running; the agents were enabled and start at the next login (or once lingering is enabled).",
        }, result.Notes);
    }

    [Fact]
    public void A_job_with_secrets_is_written_readable_by_its_owner_only()
    {
        var platform = _root.Platform();
        var environment = ValueMap<string>.From(new[] { ("TOKEN", "s3cr3t") });
        platform.Write(new[]
        {
            new BackgroundJobDefinition("vault", JobKind.Daemon, JobScope.System) { Program = "/bin/vault", Environment = environment, SecretEnvironment = ValueList.Of("TOKEN") },
            new BackgroundJobDefinition("keys", JobKind.LoginItem, JobScope.User) { User = "alice", Program = "/bin/keys", Environment = environment, SecretEnvironment = ValueList.Of("TOKEN") },
        }, new WriteOptions());
        Assert.Equal("644", FakeRoot.Stat(_root.Of("/etc/systemd/system/vault.service")).Mode);
        Assert.DoesNotContain("s3cr3t", File.ReadAllText(_root.Of("/etc/systemd/system/vault.service")), StringComparison.Ordinal);
        Assert.Equal("600", FakeRoot.Stat(_root.Of("/etc/servicemanagement/secrets/vault.env")).Mode);
        Assert.Equal("700", FakeRoot.Stat(_root.Of("/etc/servicemanagement/secrets")).Mode);
        Assert.Equal("600", FakeRoot.Stat(_root.Of("/home/alice/.config/autostart/keys.desktop")).Mode);

        // Inventory names the secrets but keeps their values apart from the definition it shows.
        foreach (var job in new[] { Job("vault"), Job("keys") })
        {
            Assert.Equal(new[] { "TOKEN" }, job.Definition.SecretEnvironment);
            Assert.False(job.Definition.Environment.ContainsKey("TOKEN"));
            Assert.Equal("s3cr3t", job.SecretValues["TOKEN"]);
            Assert.Equal("s3cr3t", job.Complete.Environment["TOKEN"]);
        }
    }

    [Fact]
    public void A_unit_of_an_earlier_version_with_an_inline_secret_shows_no_value_and_a_rewrite_moves_it_to_the_secrets_file()
    {
        _root.Write("/etc/systemd/system/old.service", "[Unit]\nX-ServiceManagement-Managed=yes\nX-ServiceManagement-Kind=daemon\nX-ServiceManagement-Scope=system\nX-ServiceManagement-Secret=TOKEN\n\n[Service]\nExecStart=/bin/old\nEnvironment=\"PLAIN=seen\"\nEnvironment=\"TOKEN=legacy-secret\"\n\n[Install]\nWantedBy=multi-user.target\n");
        var platform = _root.Platform();
        var job = Job("old");
        Assert.Equal("legacy-secret", job.SecretValues["TOKEN"]);
        Assert.DoesNotContain("legacy-secret", job.Definition.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("legacy-secret", ServiceManagement.Configuration.ConfigurationWriter.Save(new[] { new ServiceManagement.Configuration.ConfigurationEntry(job.Definition) }), StringComparison.Ordinal);

        var desired = new BackgroundJobDefinition("old", JobKind.Daemon, JobScope.System) { Program = "/bin/old", Environment = ValueMap<string>.From(new[] { ("PLAIN", "seen") }), SecretEnvironment = ValueList.Of("TOKEN") };
        platform.Write(new[] { desired }, new WriteOptions());
        Assert.DoesNotContain("legacy-secret", File.ReadAllText(_root.Of("/etc/systemd/system/old.service")), StringComparison.Ordinal);
        Assert.Equal("legacy-secret", SystemdSecrets.Parse(File.ReadAllText(_root.Of("/etc/servicemanagement/secrets/old.env")), "old.env")["TOKEN"]);
    }

    [Fact]
    public void A_secret_kept_from_the_machine_is_rewritten_as_it_was_and_removing_the_job_removes_its_secrets_file()
    {
        var platform = _root.Platform();
        var vault = new BackgroundJobDefinition("vault", JobKind.Daemon, JobScope.System) { Program = "/bin/vault", Environment = ValueMap<string>.From(new[] { ("TOKEN", "s3cr3t") }), SecretEnvironment = ValueList.Of("TOKEN") };
        platform.Write(new[] { vault }, new WriteOptions());
        var kept = vault with { Environment = ValueMap<string>.Empty, Description = "changed" };
        Assert.Equal(new[] { _root.Of("/etc/systemd/system/vault.service") }, platform.Write(new[] { kept }, new WriteOptions()).ChangedFiles);
        Assert.Equal("s3cr3t", Job("vault").SecretValues["TOKEN"]);

        var missing = Assert.Throws<ServiceManagement.Validation.InvalidDefinitionException>(() => platform.Write(new[] { kept with { Name = "other" } }, new WriteOptions()));
        Assert.Equal("SecretNotKept", Assert.Single(missing.Findings).Code);

        platform.Remove(new[] { Job("vault") }, force: false);
        Assert.False(File.Exists(_root.Of("/etc/servicemanagement/secrets/vault.env")));
    }

    [Fact]
    public void Rewriting_the_same_definition_changes_nothing_and_dropping_the_schedule_deletes_the_timer()
    {
        var platform = _root.Platform();
        var definition = new BackgroundJobDefinition("tick", JobKind.Daemon, JobScope.System) { Program = "/bin/tick", Schedule = Schedule.EveryInterval(Duration.Parse("5m")) };
        Assert.Equal(2, platform.Write(new[] { definition }, new WriteOptions()).ChangedFiles.Count);
        Assert.Empty(platform.Write(new[] { definition }, new WriteOptions()).ChangedFiles);
        var changed = platform.Write(new[] { definition with { Schedule = null } }, new WriteOptions()).ChangedFiles;
        Assert.Equal(new[] { _root.Of("/etc/systemd/system/tick.service"), _root.Of("/etc/systemd/system/tick.timer") }, changed);
        Assert.False(File.Exists(_root.Of("/etc/systemd/system/tick.timer")));
    }

    [Fact]
    public void Refuses_to_replace_a_job_it_did_not_create_unless_forced_and_writes_nothing_invalid()
    {
        _root.Write("/etc/systemd/system/theirs.service", "[Service]\nExecStart=/bin/theirs\n");
        var platform = _root.Platform();
        var theirs = new BackgroundJobDefinition("theirs", JobKind.Daemon, JobScope.System) { Program = "/bin/mine" };
        Assert.Throws<ServiceManagement.Errors.JobNotManagedException>(() => platform.Write(new[] { theirs }, new WriteOptions()));
        Assert.Equal("[Service]\nExecStart=/bin/theirs\n", File.ReadAllText(_root.Of("/etc/systemd/system/theirs.service")));
        // Forced, it is changed by a drop-in with only the difference; the unit stays theirs, and so does the job.
        platform.Write(new[] { theirs }, new WriteOptions { Force = true });
        Assert.Equal("[Service]\nExecStart=/bin/theirs\n", File.ReadAllText(_root.Of("/etc/systemd/system/theirs.service")));
        var dropIn = UnitFile.Parse(File.ReadAllText(_root.Of("/etc/systemd/system/theirs.service.d/50-servicemanagement.conf")), "drop-in");
        Assert.Equal(new[] { string.Empty, "/bin/mine" }, dropIn.All("Service", "ExecStart"));
        Assert.Equal(("/bin/mine", false), (Job("theirs").Definition.Program, Job("theirs").Definition.Managed));

        var invalid = new BackgroundJobDefinition("../escape", JobKind.Daemon, JobScope.System) { Program = "relative" };
        var error = Assert.Throws<ServiceManagement.Validation.InvalidDefinitionException>(() => platform.Write(new[] { theirs with { Name = "fine" }, invalid }, new WriteOptions()));
        Assert.Equal(2, error.Findings.Count(f => f.Severity == FindingSeverity.Error));
        Assert.False(File.Exists(_root.Of("/etc/systemd/system/fine.service")));
    }
}
