using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Linux;

/// <summary>
/// Jobs that start on demand, on a real systemd, through svcmgmt and the cmdlets: nothing runs after apply,
/// and the demand — a client calling the job's bus name, a watched file written, a queue directory filled —
/// starts the job. systemd's own answers (systemctl show), busctl's and what the job itself leaves behind are
/// the judges. The system bus runs in the harness (dbus.socket, started here); a user's bus with that user's manager.
/// </summary>
[Collection("real systemd")]
public sealed class StartOnDemandOnRealSystemdTests : IClassFixture<SystemdHarness>
{
    private readonly SystemdHarness _systemd;

    public StartOnDemandOnRealSystemdTests(SystemdHarness systemd)
    {
        _systemd = systemd.Required();
    }

    private string[] Lines(string file) =>
        File.Exists(Path.Combine(_systemd.Share, file)) ? File.ReadAllLines(Path.Combine(_systemd.Share, file)).Where(l => l.Length > 0).ToArray() : Array.Empty<string>();

    private bool Inactive(string unit) => _systemd.Property(unit, "ActiveState") is "inactive" or "failed";

    /// <summary>The system bus up in the harness, and the echo daemon (tests/systemd/bus-echo.py) where jobs can run it.</summary>
    private void StartSystemBus()
    {
        var bindings = _systemd.Inside("/usr/bin/python3", "-c", "import dbus, gi.repository.GLib");
        Assert.True(bindings.ExitCode == 0, "python3's D-Bus bindings (python3-dbus, python3-gi; tests/run.sh installs them) are missing: " + bindings.Output);
        File.Copy(Repo.PathOf("tests", "systemd", "bus-echo.py"), Path.Combine(_systemd.Share, "bus-echo.py"), overwrite: true);
        var started = _systemd.Inside("systemctl", "start", "dbus.socket");
        Assert.True(started.ExitCode == 0, started.Output);
    }

    private (int ExitCode, string Output) CallEcho(string name, bool user = false) => _systemd.Inside(
        (user ? new[] { "runuser", "-u", SystemdHarness.TestUser, "--", "env", $"XDG_RUNTIME_DIR=/run/user/{SystemdHarness.TestUserId}", "busctl", "--user" } : new[] { "busctl" })
        .Concat(new[] { "call", name, "/org/example/Echo", "org.example.Echo", "Echo", "s", "hello" }).ToArray());

    [RealSystemdFact]
    public void A_daemon_activated_by_its_bus_name_starts_when_a_client_calls_and_answers_it()
    {
        StartSystemBus();
        var declaration = Applied("echo.yaml", "  - name: sm.demand.echo\n    kind: daemon\n    program: /usr/bin/python3\n"
            + "    arguments: [/run/sm-share/bus-echo.py, system, org.example.SmEcho]\n    activation: { name: org.example.SmEcho }\n");

        Assert.Equal("inactive", _systemd.Property("sm.demand.echo.service", "ActiveState"));
        Assert.Equal("0", _systemd.Property("sm.demand.echo.service", "ExecMainStartTimestampMonotonic"));
        var activatable = _systemd.Inside("busctl", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListActivatableNames").Output;
        Assert.Contains("\"org.example.SmEcho\"", activatable, StringComparison.Ordinal);
        var (planCode, plan) = _systemd.Svcmgmt("plan", declaration);
        Assert.True(planCode == 0, plan);

        var (callCode, answer) = CallEcho("org.example.SmEcho");
        Assert.True(callCode == 0, answer);
        Assert.Equal($"s \"hello from {_systemd.Property("sm.demand.echo.service", "MainPID")}\"", answer.Trim());
        Assert.Equal("active", _systemd.Property("sm.demand.echo.service", "ActiveState"));
        Assert.Equal("dbus", _systemd.Property("sm.demand.echo.service", "Type"));

        // Removed, the name starts nothing: the bus read its files again.
        var (removeCode, removed) = _systemd.Svcmgmt("remove", "sm.demand.echo");
        Assert.True(removeCode == 0, removed);
        var (after, refused) = CallEcho("org.example.SmEcho");
        Assert.NotEqual(0, after);
        Assert.Contains("not provided by any .service files", refused, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_systemd.SystemUnitDirectory, "sm.demand.echo.service")));
        Assert.NotEqual(0, _systemd.Inside("test", "-e", "/usr/local/share/dbus-1/system-services/org.example.SmEcho.service").ExitCode);
        Assert.NotEqual(0, _systemd.Inside("test", "-e", "/etc/dbus-1/system.d/org.example.SmEcho.conf").ExitCode);
    }

    [RealSystemdFact]
    public void The_dsc_resource_finds_an_activated_daemon_in_desired_state_only_while_its_bus_can_start_it()
    {
        StartSystemBus();
        const string instance = "{\"name\":\"sm.demand.dsc\",\"kind\":\"daemon\",\"program\":\"/usr/bin/python3\",\"arguments\":[\"/run/sm-share/bus-echo.py\",\"system\",\"org.example.SmDsc\"],\"activation\":{\"name\":\"org.example.SmDsc\"}}";
        bool InDesiredState()
        {
            var (exitCode, output, error) = _systemd.SvcmgmtApart("dsc", "test", "--input", instance);
            Assert.True(exitCode == 0, error);
            return System.Text.Json.JsonDocument.Parse(output.Split('\n')[0]).RootElement.GetProperty("_inDesiredState").GetBoolean();
        }

        var (setCode, _, setError) = _systemd.SvcmgmtApart("dsc", "set", "--input", instance);
        Assert.True(setCode == 0, setError);
        Assert.Equal("inactive", _systemd.Property("sm.demand.dsc.service", "ActiveState"));
        Assert.True(InDesiredState());

        // No bus, no start on demand: the job is not as declared, whatever its files say.
        Assert.Equal(0, _systemd.Inside("systemctl", "stop", "dbus.socket", "dbus.service").ExitCode);
        Assert.False(InDesiredState());
        StartSystemBus();
        Assert.True(InDesiredState());
        var (callCode, answer) = CallEcho("org.example.SmDsc");
        Assert.True(callCode == 0, answer);
    }

    [RealSystemdFact]
    public void A_users_agent_activated_by_its_bus_name_starts_on_that_users_bus()
    {
        StartSystemBus();
        Assert.Equal(0, _systemd.Inside("systemctl", "start", $"user@{SystemdHarness.TestUserId}.service").ExitCode);
        var (exitCode, output) = _systemd.PowerShell(
            $"New-Agent -Name sm.demand.agent -User {SystemdHarness.TestUser} -Program /usr/bin/python3 -Arguments '/run/sm-share/bus-echo.py', 'session', 'org.example.SmAgent' "
            + "-ActivationName org.example.SmAgent -Start -WarningAction SilentlyContinue | Out-Null\n"
            + $"$status = Get-BackgroundJobStatus -Name sm.demand.agent -User {SystemdHarness.TestUser}\n"
            + "'{0} {1}' -f $status.State, $status.RunState");
        Assert.True(exitCode == 0, output);
        Assert.Equal("Stopped Running", output.Trim());
        Assert.Equal("inactive", _systemd.Property("sm.demand.agent.service", "ActiveState", user: true));

        var (callCode, answer) = CallEcho("org.example.SmAgent", user: true);
        Assert.True(callCode == 0, answer);
        Assert.Equal($"s \"hello from {_systemd.Property("sm.demand.agent.service", "MainPID", user: true)}\"", answer.Trim());
    }

    [RealSystemdFact]
    public void A_vendor_unit_the_bus_starts_through_an_alias_exports_and_plans_back_as_no_change()
    {
        StartSystemBus();
        var (installed, installOutput) = _systemd.Inside("bash", "-c", """
            set -e
            printf '[Unit]\nDescription=Vendor bus daemon\n[Service]\nType=dbus\nBusName=org.example.SmVendor\nExecStart=/usr/bin/python3 /run/sm-share/bus-echo.py system org.example.SmVendor\n[Install]\nAlias=dbus-org.example.SmVendor.service\n' > /etc/systemd/system/sm-vendor-bus.service
            mkdir -p /usr/local/share/dbus-1/system-services
            printf '[D-BUS Service]\nName=org.example.SmVendor\nExec=/bin/false\nUser=root\nSystemdService=dbus-org.example.SmVendor.service\n' > /usr/local/share/dbus-1/system-services/org.example.SmVendor.service
            printf '<busconfig><policy user="root"><allow own="org.example.SmVendor"/></policy><policy context="default"><allow send_destination="org.example.SmVendor"/></policy></busconfig>\n' > /etc/dbus-1/system.d/org.example.SmVendor.conf
            systemctl enable sm-vendor-bus.service
            busctl call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus ReloadConfig
            """);
        Assert.True(installed == 0, installOutput);

        AssertExportPlansBackUnchanged("sm-vendor-bus", "name: org.example.SmVendor");
        var (callCode, answer) = CallEcho("org.example.SmVendor");
        Assert.True(callCode == 0, answer);
        Assert.Equal("active", _systemd.Property("sm-vendor-bus.service", "ActiveState"));
    }

    /// <summary>The jobs of a <c>jobs:</c> list (<paramref name="jobs"/>, its items) applied by svcmgmt, which must succeed; the file's path inside.</summary>
    private string Applied(string file, string jobs)
    {
        var declaration = _systemd.ShareFile(file, "jobs:\n" + jobs);
        var (exitCode, output) = _systemd.Svcmgmt("apply", declaration);
        Assert.True(exitCode == 0, output);
        return declaration;
    }

    /// <summary>The job as svcmgmt exports it says <paramref name="trigger"/>, and the export plans back as no change.</summary>
    private void AssertExportPlansBackUnchanged(string name, string trigger)
    {
        var (exportCode, exported, _) = _systemd.SvcmgmtApart("export", "--name", name);
        Assert.True(exportCode == 0, exported);
        Assert.Contains(trigger, exported, StringComparison.Ordinal);
        var (planCode, plan) = _systemd.Svcmgmt("plan", _systemd.ShareFile(name + ".export.yaml", exported));
        Assert.True(planCode == 0, plan);
    }

    /// <summary>What a client connecting to a unix socket inside the harness reads before the server closes.</summary>
    private string Connect(string path)
    {
        var (exitCode, output) = _systemd.Inside("python3", "-c",
            "import socket, sys; s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1]); data = b''\n"
            + "while True:\n    chunk = s.recv(4096)\n    if not chunk: break\n    data += chunk\nprint(data.decode().strip())", path);
        Assert.True(exitCode == 0, output);
        return output.Trim();
    }

    [RealSystemdFact]
    public void A_socket_job_is_handed_its_socket_and_answers_every_client_from_one_process()
    {
        File.Copy(Repo.PathOf("tests", "systemd", "socket-echo.py"), Path.Combine(_systemd.Share, "socket-echo.py"), overwrite: true);
        Applied("listener.yaml", "  - name: sm.demand.listener\n    kind: daemon\n    program: /usr/bin/python3\n"
            + "    arguments: [/run/sm-share/socket-echo.py]\n    sockets: [{ name: echo, protocol: unix, path: /run/sm-demand-listener.sock }]\n");
        Assert.Equal("inactive", _systemd.Property("sm.demand.listener.service", "ActiveState"));
        Assert.Equal("listening", _systemd.Property("sm.demand.listener.socket", "SubState"));

        var first = Connect("/run/sm-demand-listener.sock");
        var second = Connect("/run/sm-demand-listener.sock");
        var pid = _systemd.Property("sm.demand.listener.service", "MainPID");
        Assert.Equal($"hello from {pid}", first);
        Assert.Equal(first, second);
    }

    [RealSystemdFact]
    public void A_launchd_inetd_job_converted_to_systemd_runs_one_instance_per_connection()
    {
        // launchd's inetd mode: launchd accepts, and each connection is the standard input and output of a process of its own.
        var plist = _systemd.ShareFile("com.example.inetd.plist", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
              <key>Label</key><string>sm.demand.inetd</string>
              <key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>echo "hello from $$"</string></array>
              <key>Sockets</key><dict><key>echo</key><dict><key>SockPathName</key><string>/run/sm-demand-inetd.sock</string><key>SockFamily</key><string>Unix</string></dict></dict>
              <key>inetdCompatibility</key><dict><key>Wait</key><false/></dict>
            </dict>
            </plist>
            """);
        var (convertCode, yaml, convertErrors) = _systemd.SvcmgmtApart("convert", plist, "--to", "yaml");
        Assert.True(convertCode == 0, convertErrors);
        Assert.Contains("accept: true", yaml, StringComparison.Ordinal);
        var (applyCode, applied) = _systemd.Svcmgmt("apply", _systemd.ShareFile("inetd.yaml", yaml));
        Assert.True(applyCode == 0, applied);
        // A job read from a machine (origin: machine) leaves its run state to the user: started by hand, as after a conversion.
        var (startCode, started) = _systemd.Svcmgmt("start", "sm.demand.inetd");
        Assert.True(startCode == 0, started);
        Assert.Equal("yes", _systemd.Property("sm.demand.inetd.socket", "Accept"));
        Assert.True(File.Exists(Path.Combine(_systemd.SystemUnitDirectory, "sm.demand.inetd@.service")));

        var first = Connect("/run/sm-demand-inetd.sock");
        var second = Connect("/run/sm-demand-inetd.sock");
        Assert.Matches("^hello from [0-9]+$", first);
        Assert.Matches("^hello from [0-9]+$", second);
        Assert.NotEqual(first, second);
        SystemdHarness.Eventually(() => _systemd.Property("sm.demand.inetd.socket", "NAccepted") == "2", "systemd to count both connections");

        // What the machine has reads back as the job converted.
        AssertExportPlansBackUnchanged("sm.demand.inetd", "accept: true");
    }

    [RealSystemdFact]
    public void A_watched_path_starts_the_job_once_per_change_and_nothing_runs_before()
    {
        Assert.Equal(0, _systemd.Inside("mkdir", "-p", "/run/sm-share/watched").ExitCode);
        var declaration = Applied("watch.yaml", "  - name: sm.demand.watch\n    kind: daemon\n    program: /bin/sh\n"
            + "    arguments: [-c, 'cat /run/sm-share/watched/conf >> /run/sm-share/watch-runs']\n"
            + "    watch: { paths: [/run/sm-share/watched] }\n");

        Assert.Equal("active", _systemd.Property("sm.demand.watch.path", "ActiveState"));
        Assert.Equal("inactive", _systemd.Property("sm.demand.watch.service", "ActiveState"));
        Assert.Equal("0", _systemd.Property("sm.demand.watch.service", "ExecMainStartTimestampMonotonic"));
        Assert.Equal("enabled", _systemd.Inside("systemctl", "is-enabled", "sm.demand.watch.path").Output.Trim());
        Assert.Equal("running", _systemd.Status("sm.demand.watch").GetProperty("runState").GetString());

        Assert.Equal(0, _systemd.Inside("sh", "-c", "echo first > /run/sm-share/watched/conf").ExitCode);
        SystemdHarness.Eventually(() => Lines("watch-runs").Length == 1 && Inactive("sm.demand.watch.service"), "the job to run for the first change");
        Assert.Equal("first", Lines("watch-runs")[0]);

        Assert.Equal(0, _systemd.Inside("sh", "-c", "echo second > /run/sm-share/watched/conf").ExitCode);
        SystemdHarness.Eventually(() => Lines("watch-runs").Length == 2 && Inactive("sm.demand.watch.service"), "the job to run for the second change");
        Assert.Equal(new[] { "first", "second" }, Lines("watch-runs"));
        Assert.Equal("active", _systemd.Property("sm.demand.watch.path", "ActiveState"));

        // The declaration tests as in its desired state, and what the machine has reads back as what was declared.
        var (testCode, tested) = _systemd.Svcmgmt("plan", declaration);
        Assert.True(testCode == 0, tested);
        AssertExportPlansBackUnchanged("sm.demand.watch", "watch:");
    }

    [RealSystemdFact]
    public void A_queue_directory_runs_the_job_until_it_is_empty()
    {
        Assert.Equal(0, _systemd.Inside("mkdir", "-p", "/run/sm-share/queue").ExitCode);
        var (exitCode, output) = _systemd.PowerShell(
            "New-Daemon -Name sm.demand.queue -Program /bin/sh -Arguments '-c', 'f=$(ls /run/sm-share/queue | head -n 1); rm \"/run/sm-share/queue/$f\"; echo \"$f\" >> /run/sm-share/queue-runs' "
            + "-QueueDirectory /run/sm-share/queue -Start -WarningAction SilentlyContinue | Out-Null\n"
            + "(Get-BackgroundJobDefinition -Name sm.demand.queue).Watch.QueueDirectories");
        Assert.True(exitCode == 0, output);
        Assert.Equal("/run/sm-share/queue", output.Trim());
        Assert.Contains("DirectoryNotEmpty=/run/sm-share/queue", File.ReadAllText(Path.Combine(_systemd.SystemUnitDirectory, "sm.demand.queue.path")), StringComparison.Ordinal);
        Assert.Equal("inactive", _systemd.Property("sm.demand.queue.service", "ActiveState"));

        Assert.Equal(0, _systemd.Inside("sh", "-c", "cd /run/sm-share && mkdir -p incoming && touch incoming/a incoming/b incoming/c && mv incoming/a incoming/b incoming/c queue/").ExitCode);
        SystemdHarness.Eventually(() => Lines("queue-runs").Length == 3 && Inactive("sm.demand.queue.service"), "the job to empty the queue");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_systemd.Share, "queue")));
        Assert.Equal(new[] { "a", "b", "c" }, Lines("queue-runs").OrderBy(l => l, StringComparer.Ordinal));
    }
}
