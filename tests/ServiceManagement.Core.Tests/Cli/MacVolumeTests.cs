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
}
