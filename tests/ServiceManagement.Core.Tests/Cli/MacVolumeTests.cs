using System.Text.Json;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Cli;

/// <summary>
/// svcmgmt reading a macOS volume on this machine (--root DIR --platform macos): a tree laid out as macOS
/// lays out its launchd jobs, with the system's, the administrator's, two users' and an application's, the
/// application registering its own (SMAppService: BundleProgram, AssociatedBundleIdentifiers).
/// </summary>
public sealed class MacVolumeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sm-macos-").FullName;

    public MacVolumeTests()
    {
        Plist("/System/Library/LaunchDaemons/com.apple.sysd.plist", "com.apple.sysd", "<key>ProgramArguments</key><array><string>/usr/libexec/sysd</string></array><key>KeepAlive</key><true/>");
        Plist("/Library/LaunchDaemons/com.vendor.helper.plist", "com.vendor.helper", "<key>Program</key><string>/Library/PrivilegedHelperTools/com.vendor.helper</string><key>MachServices</key><dict><key>com.vendor.helper</key><true/></dict>");
        Plist("/Library/LaunchAgents/com.vendor.agent.plist", "com.vendor.agent", "<key>ProgramArguments</key><array><string>/opt/vendor/agent</string><string>--quiet</string></array><key>RunAtLoad</key><true/><key>KeepAlive</key><true/>");
        Plist("/Library/LaunchAgents/com.gone.agent.plist", "com.gone.agent", "<key>ProgramArguments</key><array><string>/Applications/Gone.app/Contents/MacOS/agent</string></array><key>AssociatedBundleIdentifiers</key><string>com.gone.app</string>");
        Plist("/Users/alice/Library/LaunchAgents/com.alice.sync.plist", "com.alice.sync", "<key>ProgramArguments</key><array><string>/usr/local/bin/sync</string></array><key>StartInterval</key><integer>600</integer>");
        Plist("/Users/bob/Library/LaunchAgents/com.bob.notes.plist", "com.bob.notes", "<key>ProgramArguments</key><array><string>/Applications/Notes.app/Contents/MacOS/Notes</string></array><key>RunAtLoad</key><true/><key>LimitLoadToSessionType</key><string>Aqua</string>");
        Plist("/Applications/Foo.app/Contents/Info.plist", null, "<key>CFBundleIdentifier</key><string>com.foo.app</string><key>CFBundleExecutable</key><string>Foo</string>");
        Write("/Applications/Foo.app/Contents/MacOS/FooAgent", "#!/bin/sh\n");
        Plist("/Applications/Foo.app/Contents/Library/LaunchAgents/com.foo.agent.plist", "com.foo.agent", "<key>BundleProgram</key><string>Contents/MacOS/FooAgent</string><key>AssociatedBundleIdentifiers</key><array><string>com.foo.app</string></array><key>RunAtLoad</key><true/>");
        Plist("/Applications/Foo.app/Contents/Library/LaunchDaemons/com.foo.daemon.plist", "com.foo.daemon", "<key>BundleProgram</key><string>Contents/Resources/food</string><key>AssociatedBundleIdentifiers</key><array><string>com.foo.app</string></array>");
        Plist("/Applications/Foo.app/Contents/XPCServices/com.foo.fetch.xpc/Contents/Info.plist", null, "<key>CFBundleIdentifier</key><string>com.foo.fetch</string><key>CFBundleExecutable</key><string>com.foo.fetch</string>");
        Plist("/Applications/Foo.app/Contents/Library/LoginItems/FooHelper.app/Contents/Info.plist", null, "<key>CFBundleIdentifier</key><string>com.foo.helper</string><key>CFBundleExecutable</key><string>FooHelper</string>");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string absolute, string content)
    {
        var path = Path.Combine(_root, absolute.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private string Plist(string absolute, string? label, string entries) => Write(absolute,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>"
        + (label is null ? string.Empty : $"<key>Label</key><string>{label}</string>") + entries + "</dict>\n</plist>\n");

    private static string Run(params string[] arguments)
    {
        var (exitCode, output, error) = InProcessSvcmgmt.Run(arguments);
        Assert.True(exitCode == 0, error);
        return output;
    }

    [Fact]
    public void List_reads_every_job_of_the_volume_with_its_kind_scope_and_user_and_what_an_application_registered()
    {
        var jobs = JsonDocument.Parse(Run("list", "--root", _root, "--platform", "macos", "--json")).RootElement.EnumerateArray()
            .ToDictionary(j => j.GetProperty("name").GetString()!);

        (string, string, string?) Identity(string name) =>
            (jobs[name].GetProperty("kind").GetString()!, jobs[name].GetProperty("scope").GetString()!, jobs[name].TryGetProperty("user", out var user) ? user.GetString() : null);
        Assert.Equal(("daemon", "system", (string?)null), Identity("com.apple.sysd"));
        Assert.Equal(("daemon", "system", (string?)null), Identity("com.vendor.helper"));
        Assert.Equal(("agent", "system", (string?)null), Identity("com.vendor.agent"));
        Assert.Equal(("agent", "user", "alice"), Identity("com.alice.sync"));
        Assert.Equal(("loginItem", "user", "bob"), Identity("com.bob.notes"));
        Assert.Equal(("agent", "system", (string?)null), Identity("com.foo.agent"));
        Assert.Equal(("daemon", "system", (string?)null), Identity("com.foo.daemon"));
        Assert.Equal(("agent", "system", (string?)null), Identity("com.foo.fetch"));
        Assert.Equal(("loginItem", "system", (string?)null), Identity("com.foo.helper"));
        Assert.All(jobs.Values, j => Assert.Equal("unknown", j.GetProperty("state").GetString()));

        // The application's own agent runs the program inside the application; its daemon's program is missing,
        // and an agent associated with an application that is gone is orphaned too.
        Assert.Equal(Path.Combine(_root, "Applications/Foo.app/Contents/MacOS/FooAgent"), jobs["com.foo.agent"].GetProperty("program").GetString());
        Assert.Equal(Path.Combine(_root, "Applications/Foo.app/Contents/Library/LoginItems/FooHelper.app/Contents/MacOS/FooHelper"), jobs["com.foo.helper"].GetProperty("program").GetString());
        string[] Codes(string name) => jobs[name].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToArray();
        Assert.DoesNotContain("Orphaned", Codes("com.foo.agent"));
        Assert.Contains("Orphaned", Codes("com.foo.daemon"));
        Assert.Contains("Orphaned", Codes("com.gone.agent"));
        Assert.DoesNotContain("Orphaned", Codes("com.vendor.agent"));
    }

    [Theory]
    [InlineData("/System/Library/LaunchDaemons/com.apple.sysd.plist", "com.apple.sysd")]
    [InlineData("/Library/LaunchDaemons/com.vendor.helper.plist", "com.vendor.helper")]
    [InlineData("/Library/LaunchAgents/com.gone.agent.plist", "com.gone.agent")]
    [InlineData("/Users/alice/Library/LaunchAgents/com.alice.sync.plist", "com.alice.sync")]
    [InlineData("/Users/bob/Library/LaunchAgents/com.bob.notes.plist", "com.bob.notes")]
    [InlineData("/Applications/Foo.app/Contents/Library/LaunchAgents/com.foo.agent.plist", "com.foo.agent")]
    [InlineData("/Applications/Foo.app/Contents/Library/LaunchDaemons/com.foo.daemon.plist", "com.foo.daemon")]
    public void Export_converts_back_to_the_same_plist_as_plistlib_reads_both(string plist, string name)
    {
        var exported = Path.Combine(_root, name + ".yaml");
        File.WriteAllText(exported, Run("export", "--root", _root, "--platform", "macos", "--name", name));
        var converted = Path.Combine(_root, name + ".plist");
        File.WriteAllText(converted, Run("convert", exported, "--to", "launchd"));

        var result = new ProcessCommandRunner().Run(new CommandLine("python3", new[] { Repo.PathOf("tests", "launchd", "plisttool.py"), "json", Path.Combine(_root, plist.TrimStart('/')), converted }));
        Assert.True(result.Succeeded, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        // convert writes the job as one ServiceManagement writes it, with its mark (the ServiceManagement dictionary);
        // every other key is the original's, value for value.
        var written = System.Text.Json.Nodes.JsonNode.Parse(lines[1])!.AsObject();
        Assert.True(written.Remove("ServiceManagement"), lines[1]);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(lines[0]).RootElement, JsonDocument.Parse(written.ToJsonString()).RootElement), $"original {lines[0]}\nconverted {lines[1]}");
    }

    [Fact]
    public void Platform_without_root_is_a_usage_error()
    {
        var (exitCode, _, error) = InProcessSvcmgmt.Run("list", "--platform", "macos");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("give --root too", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// What sfltool dumpbtm would print on the Mac of this volume, in the shape macOS 15 to 27 print (see
    /// Samples/btm): the vendor's daemon allowed, alice's agent switched off in Login Items, Foo's agent registered
    /// inside its application, and two applications registered to open at login with no plist — Bar, which is
    /// there, and Gone, which is not.
    /// </summary>
    private string Dump() => Write("/evidence/btm.txt", string.Join("\n",
        "========================",
        " Records for UID -2 : FFFFEEEE-DDDD-CCCC-BBBB-AAAAFFFFFFFE",
        "========================",
        "",
        " ServiceManagement migrated: true",
        " LaunchServices registered: false",
        "",
        " Items:",
        "",
        " #1:",
        "                 UUID: 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2E01",
        "                 Name: Vendor Inc.",
        "       Developer Name: Vendor Inc.",
        "                 Type: developer (0x20)",
        "                Flags: [ curated ] (0x4)",
        "          Disposition: [disabled, allowed, not notified] (0x2)",
        "           Identifier: Vendor Inc.",
        "                  URL: (null)",
        "           Generation: 0",
        "  Embedded Item Identifiers:",
        "    #1: 16.com.vendor.helper",
        "",
        " #2:",
        "                 UUID: 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2E02",
        "                 Name: com.vendor.helper",
        "       Developer Name: Vendor Inc.",
        "      Team Identifier: ABCDE12345",
        "                 Type: legacy daemon (0x10010)",
        "                Flags: [ legacy ] (0x1)",
        "          Disposition: [enabled, allowed, notified] (0xb)",
        "           Identifier: 16.com.vendor.helper",
        "                  URL: file:///Library/LaunchDaemons/com.vendor.helper.plist",
        "      Executable Path: /Library/PrivilegedHelperTools/com.vendor.helper",
        "           Generation: 1",
        "    Parent Identifier: Vendor Inc.",
        "",
        "========================",
        " Records for UID 501 : 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2F00",
        "========================",
        "",
        " Items:",
        "",
        " #1:",
        "                 UUID: 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2F01",
        "                 Name: sync",
        "       Developer Name: (null)",
        "                 Type: legacy agent (0x10008)",
        "                Flags: [ legacy ] (0x1)",
        "          Disposition: [enabled, disallowed, notified] (0x9)",
        "           Identifier: 8.com.alice.sync",
        "                  URL: file:///Users/alice/Library/LaunchAgents/com.alice.sync.plist",
        "      Executable Path: /usr/local/bin/sync",
        "           Generation: 1",
        "    Parent Identifier: Unknown Developer",
        "",
        " #2:",
        "                 UUID: 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2F02",
        "                 Name: Foo",
        "       Developer Name: Foo Ltd",
        "      Team Identifier: FOO1234567",
        "                 Type: app (0x2)",
        "                Flags: [  ] (0)",
        "          Disposition: [enabled, allowed, notified] (0xb)",
        "           Identifier: 2.com.foo.app",
        "                  URL: file:///Applications/Foo.app/",
        "           Generation: 3",
        "    Bundle Identifier: com.foo.app",
        "  Embedded Item Identifiers:",
        "    #1: 8.com.foo.agent",
        "    #2: 4.com.foo.helper",
        "",
        " #3:",
        "                 UUID: 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2F03",
        "                 Name: FooAgent",
        "       Developer Name: Foo Ltd",
        "      Team Identifier: FOO1234567",
        "                 Type: agent (0x8)",
        "                Flags: [  ] (0)",
        "          Disposition: [enabled, allowed, notified] (0xb)",
        "           Identifier: 8.com.foo.agent",
        "                  URL: Contents/Library/LaunchAgents/com.foo.agent.plist",
        "      Executable Path: Contents/MacOS/FooAgent",
        "           Generation: 3",
        "    Parent Identifier: 2.com.foo.app",
        "",
        " #4:",
        "                 UUID: 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2F04",
        "                 Name: FooHelper",
        "       Developer Name: Foo Ltd",
        "                 Type: login item (0x4)",
        "                Flags: [  ] (0)",
        "          Disposition: [enabled, allowed, notified] (0xb)",
        "           Identifier: 4.com.foo.helper",
        "                  URL: Contents/Library/LoginItems/FooHelper.app",
        "           Generation: 3",
        "    Bundle Identifier: com.foo.helper",
        "    Parent Identifier: 2.com.foo.app",
        "",
        " #5:",
        "                 UUID: 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2F05",
        "                 Name: Bar",
        "       Developer Name: Bar Software",
        "                 Type: app (0x2)",
        "                Flags: [  ] (0)",
        "          Disposition: [enabled, allowed, notified] (0xb)",
        "           Identifier: 2.com.bar.app",
        "                  URL: file:///Applications/Bar%20Pro.app/",
        "           Generation: 1",
        "    Bundle Identifier: com.bar.app",
        "",
        " #6:",
        "                 UUID: 0B3F57C1-8D7E-4C52-9E55-0D1A3B7C2F06",
        "                 Name: Gone",
        "       Developer Name: (null)",
        "                 Type: app (0x2)",
        "                Flags: [  ] (0)",
        "          Disposition: [enabled, allowed, notified] (0xb)",
        "           Identifier: 2.com.gone.app",
        "                  URL: /Applications/Gone.app",
        "           Generation: 1",
        "    Bundle Identifier: com.gone.app",
        ""));

    [Fact]
    public void With_the_Macs_sfltool_dump_each_job_shows_its_Login_Items_verdict_and_registered_login_items_are_listed()
    {
        Plist("/Applications/Bar Pro.app/Contents/Info.plist", null, "<key>CFBundleIdentifier</key><string>com.bar.app</string><key>CFBundleExecutable</key><string>Bar</string>");
        var jobs = JsonDocument.Parse(Run("list", "--root", _root, "--platform", "macos", "--btm-dump", Dump(), "--json")).RootElement.EnumerateArray().ToList();
        var byName = jobs.ToDictionary(j => j.GetProperty("name").GetString()!);
        string Verdict(string name) => byName[name].GetProperty("backgroundTask").GetProperty("verdict").GetString()!;
        string[] Codes(string name) => byName[name].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToArray();

        Assert.Equal("allowed", Verdict("com.vendor.helper"));
        Assert.Equal("Vendor Inc.", byName["com.vendor.helper"].GetProperty("backgroundTask").GetProperty("developer").GetString());
        Assert.Equal("ABCDE12345", byName["com.vendor.helper"].GetProperty("backgroundTask").GetProperty("team").GetString());
        Assert.Equal("disallowed", Verdict("com.alice.sync"));
        Assert.Contains("DisallowedInLoginItems", Codes("com.alice.sync"));
        Assert.DoesNotContain("DisallowedInLoginItems", Codes("com.vendor.helper"));
        // Registered inside its application: the item's path is the bundle's, resolved against the application's item.
        Assert.Equal("2.com.foo.app", byName["com.foo.agent"].GetProperty("backgroundTask").GetProperty("parent").GetString());
        Assert.False(byName["com.vendor.agent"].TryGetProperty("backgroundTask", out _), "no item names com.vendor.agent");

        // Applications registered to open at login, which have no plist: listed read-only as login items.
        Assert.Equal(("loginItem", "user", "uid 501", "Background Task Management", Path.Combine(_root, "Applications/Bar Pro.app")),
            (byName["com.bar.app"].GetProperty("kind").GetString(), byName["com.bar.app"].GetProperty("scope").GetString(), byName["com.bar.app"].GetProperty("user").GetString(),
             byName["com.bar.app"].GetProperty("sourcePath").GetString(), byName["com.bar.app"].GetProperty("program").GetString()));
        Assert.DoesNotContain("Orphaned", Codes("com.bar.app"));
        Assert.Contains("Orphaned", Codes("com.gone.app"));
        // The application's own login item is the one inventory found in its bundle, not a second one.
        Assert.Single(jobs, j => j.GetProperty("name").GetString() == "com.foo.helper");
        Assert.DoesNotContain(jobs, j => j.GetProperty("name").GetString() is "com.foo.app" or "Vendor Inc.");

        var table = Run("list", "--root", _root, "--platform", "macos", "--btm-dump", Dump());
        Assert.Matches(@"(?m)^com\.alice\.sync\s+agent\s+user:alice\s+unknown\s+\S+\s+no\s+disallowed\s", table);
        Assert.Matches(@"(?m)^com\.vendor\.helper\s.*\sallowed \(Vendor Inc\.\)\s", table);
        Assert.Contains("# Login Items: disallowed (enabled, disallowed, notified; legacy agent 8.com.alice.sync, of Unknown Developer)", Run("show", "com.alice.sync", "--root", _root, "--platform", "macos", "--btm-dump", Dump()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dump_without_a_macOS_tree_or_a_damaged_one_is_refused_naming_what_is_wrong()
    {
        var (exitCode, _, error) = InProcessSvcmgmt.Run("list", "--btm-dump", Dump());
        Assert.Equal(2, exitCode);
        Assert.Contains("give --root and --platform macos too", error, StringComparison.Ordinal);

        (exitCode, _, error) = InProcessSvcmgmt.Run("list", "--root", _root, "--platform", "linux", "--btm-dump", Dump());
        Assert.Equal(2, exitCode);

        // Cut short inside alice's item, in its disposition.
        var whole = File.ReadAllText(Dump());
        var damaged = Write("/evidence/cut.txt", whole[..(whole.IndexOf("[enabled, disallowed", StringComparison.Ordinal) + 12)]);
        (exitCode, _, error) = InProcessSvcmgmt.Run("list", "--root", _root, "--platform", "macos", "--btm-dump", damaged, "--json");
        Assert.Equal(2, exitCode);
        Assert.Matches(@"cut\.txt:\d+: ", error);
    }
}
