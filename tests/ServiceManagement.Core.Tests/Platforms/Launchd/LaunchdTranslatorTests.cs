using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ServiceManagement.Tests.Platforms.Launchd;

public class LaunchdTranslatorTests
{
    private readonly ITestOutputHelper _output;

    public LaunchdTranslatorTests(ITestOutputHelper output) => _output = output;

    private static IReadOnlyList<BackgroundJobDefinition> Samples() =>
        ConfigurationLoader.Load(Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Samples", "macos.yaml")).Definitions.ToList();

    private static BackgroundJobDefinition Parse(string xml, JobKind kind = JobKind.Daemon) =>
        LaunchdTranslator.Parse((RawMap)PropertyList.ReadXml(xml), "fallback", kind, JobScope.System);

    /// <summary>Files through python3's plistlib, as JSON (one line per file).</summary>
    internal static IReadOnlyList<JsonNode?> Plistlib(IEnumerable<string> files)
    {
        var result = new ProcessCommandRunner().Run(new CommandLine("python3", new[] { Repo.PathOf("tests", "launchd", "plisttool.py"), "json" }.Concat(files).ToList()));
        Assert.True(result.Succeeded, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)).ToList();
    }

    /// <summary>Our reading of a plist in the same JSON shape plisttool.py prints.</summary>
    internal static JsonNode? Json(RawValue value) => value switch
    {
        RawMap map => new JsonObject(map.Entries.Select(e => new KeyValuePair<string, JsonNode?>(e.Key, Json(e.Value)))),
        RawList list => new JsonArray(list.Items.Select(Json).ToArray()),
        RawScalar { Type: RawScalarType.Boolean } b => JsonValue.Create(b.Text == "true"),
        RawScalar { Type: RawScalarType.Integer } i => JsonValue.Create(long.Parse(i.Text, System.Globalization.CultureInfo.InvariantCulture)),
        RawScalar { Type: RawScalarType.Real } r => JsonValue.Create(double.Parse(r.Text, System.Globalization.CultureInfo.InvariantCulture)),
        RawScalar { Type: RawScalarType.Date } d => new JsonObject { ["$date"] = d.Text },
        RawScalar { Type: RawScalarType.Data } d => new JsonObject { ["$data"] = d.Text },
        RawScalar s => JsonValue.Create(s.Text),
        _ => null,
    };

    [Fact]
    public void Renders_the_samples_as_the_golden_files_that_plistlib_reads_field_by_field()
    {
        var directory = Directory.CreateTempSubdirectory("sm-plist-").FullName;
        try
        {
            var files = new List<(string Path, string Content)>();
            foreach (var definition in Samples())
            {
                var file = LaunchdTranslator.Render(definition);
                Golden.Assert("macos/" + file.Name, file.Content);
                var path = Path.Combine(directory, file.Name);
                File.WriteAllText(path, file.Content);
                files.Add((path, file.Content));
            }

            var theirs = Plistlib(files.Select(f => f.Path));
            for (var i = 0; i < files.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(Json(PropertyList.ReadXml(files[i].Content)), theirs[i]), $"{files[i].Path}: plistlib reads {theirs[i]}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Every_modelled_property_reads_back_equal()
    {
        foreach (var definition in Samples())
        {
            var back = Parse(LaunchdTranslator.Render(definition).Content, definition.Kind);
            Assert.True(back.Managed);
            Assert.Equal(definition with { Launchd = ValueMap<RawValue>.Empty }, back with { Managed = false, Platform = null, Origin = JobOrigin.Authored, Unmodelled = ValueMap<RawValue>.Empty });
            Assert.Equal(definition.Launchd, back.Unmodelled);
        }
    }

    [Fact]
    public void Output_is_byte_identical_for_equal_definitions()
    {
        var definition = Samples()[1];
        Assert.Equal(LaunchdTranslator.Render(definition).Content, LaunchdTranslator.Render(definition with { }).Content);
        Assert.Equal(LaunchdTranslator.Render(definition).Content, LaunchdTranslator.Render(Parse(LaunchdTranslator.Render(definition).Content)).Content);
    }

    [Fact]
    public void Maps_restart_schedule_and_login_items_as_launchd_expects()
    {
        var keys = ((RawMap)PropertyList.ReadXml(LaunchdTranslator.Render(Samples()[1]).Content)).Entries;
        Assert.Equal(new RawMap(ValueMap<RawValue>.From(new[] { ("SuccessfulExit", (RawValue)new RawScalar("false", RawScalarType.Boolean)) })), keys["KeepAlive"]);
        Assert.Equal(new RawScalar("30", RawScalarType.Integer), keys["ThrottleInterval"]);
        Assert.False(keys.ContainsKey("Program"));

        var item = ((RawMap)PropertyList.ReadXml(LaunchdTranslator.Render(Samples()[4]).Content)).Entries;
        Assert.Equal(new RawScalar("true", RawScalarType.Boolean), item["RunAtLoad"]);
        Assert.Equal(new RawScalar("Aqua"), item["LimitLoadToSessionType"]);
        Assert.False(item.ContainsKey("KeepAlive"));

        var poll = ((RawMap)PropertyList.ReadXml(LaunchdTranslator.Render(Samples()[3]).Content)).Entries;
        Assert.Equal(new RawScalar("900", RawScalarType.Integer), poll["StartInterval"]);
        Assert.False(poll.ContainsKey("RunAtLoad"));

        var inbox = ((RawMap)PropertyList.ReadXml(LaunchdTranslator.Render(Samples().Single(d => d.Name == "com.example.inbox")).Content)).Entries;
        Assert.Equal("[/etc/inbox.conf, /srv/inbox 100%/drop]", inbox["WatchPaths"].ToString());
        Assert.Equal("[/var/spool/inbox]", inbox["QueueDirectories"].ToString());
        Assert.False(inbox.ContainsKey("RunAtLoad"));
    }

    [Theory]
    [InlineData("30 2 * * *", 1)]
    [InlineData("*/15 9-17 * * MON-FRI", 4 * 9 * 5)]
    [InlineData("0 0 1,15 * *", 2)]
    [InlineData("0 0 13 * FRI", 2)]
    public void A_cron_schedule_expands_to_calendar_dictionaries(string cron, int count)
    {
        var calendar = LaunchdCalendar.Intervals(new CronExpression(cron));
        Assert.Equal(count, calendar.Count);
        if (cron != "0 0 13 * FRI")
        {
            Assert.Equal(new CronExpression(cron).Minutes!.Values, LaunchdCalendar.CronOf(new RawList(ValueList<RawValue>.From(calendar)))!.Minutes!.Values);
        }
    }

    [Fact]
    public void A_foreign_calendar_reads_back_as_cron_where_it_can()
    {
        var single = Parse("<plist><dict><key>Label</key><string>x</string><key>ProgramArguments</key><array><string>/bin/x</string></array><key>StartCalendarInterval</key><dict><key>Hour</key><integer>3</integer><key>Minute</key><integer>15</integer></dict></dict></plist>");
        Assert.Equal("15 3 * * *", single.Schedule!.Cron!.Text);
        var product = Parse("<plist><dict><key>Label</key><string>x</string><key>StartCalendarInterval</key><array>" +
            "<dict><key>Hour</key><integer>1</integer><key>Weekday</key><integer>1</integer></dict><dict><key>Hour</key><integer>1</integer><key>Weekday</key><integer>7</integer></dict>" +
            "</array></dict></plist>");
        Assert.Equal("* 1 * * 0,1", product.Schedule!.Cron!.Text);
        var ragged = Parse("<plist><dict><key>Label</key><string>x</string><key>StartCalendarInterval</key><array>" +
            "<dict><key>Hour</key><integer>1</integer></dict><dict><key>Minute</key><integer>5</integer></dict></array></dict></plist>");
        Assert.Null(ragged.Schedule);
        Assert.True(ragged.Unmodelled.ContainsKey("StartCalendarInterval"));
    }

    [Fact]
    public void Keeps_what_it_does_not_model_and_drops_what_the_original_lacked()
    {
        var xml = File.ReadAllText(Path.Combine(CorpusDirectory()!, "apple-oss-distributions__OpenSSH__com.openssh.sshd.plist"));
        var definition = Parse(xml);
        Assert.Equal(("com.openssh.sshd", "/usr/libexec/sshd-keygen-wrapper", StartupType.Disabled), (definition.Name, definition.Program, definition.StartupType));
        Assert.True(definition.Unmodelled.ContainsKey("inetdCompatibility"));
        Assert.True(definition.Unmodelled.ContainsKey("Program"));
        var again = (RawMap)PropertyList.ReadXml(LaunchdTranslator.Render(definition).Content);
        var original = (RawMap)PropertyList.ReadXml(xml);
        Assert.Equal(original.Entries, new RawMap(ValueMap<RawValue>.From(again.Entries.Where(e => e.Key != LaunchdTranslator.MarkerKey))).Entries);
    }

    internal static string? CorpusDirectory()
    {
        var path = Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "corpus", "launchd"));
        return Directory.Exists(path) ? path : null;
    }

    /// <summary>
    /// Every plist of the real-world corpus: read (XML or binary), rendered, read again to the same
    /// dictionary; a file plistlib rejects must be a PropertyListException here, not a crash.
    /// </summary>
    [Fact]
    public void Round_trips_every_plist_of_the_real_world_corpus()
    {
        if (CorpusDirectory() is not { } corpus)
        {
            Assert.False(Prerequisites.IsCi, "../shared/corpus/launchd is missing.");
            return;
        }

        var files = Directory.GetFiles(corpus).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var verdicts = Plistlib(files);
        var (covered, malformed, binary) = (0, 0, 0);
        for (var i = 0; i < files.Count; i++)
        {
            var bytes = File.ReadAllBytes(files[i]);
            if (verdicts[i] is JsonObject verdict && verdict.ContainsKey("$error"))
            {
                Assert.ThrowsAny<PropertyListException>(() => PropertyList.Read(bytes));
                malformed++;
                continue;
            }

            var value = PropertyList.Read(bytes);
            Assert.True(JsonNode.DeepEquals(Json(value), verdicts[i]), $"{Path.GetFileName(files[i])}: we read it differently from plistlib");
            binary += bytes[0] == (byte)'b' ? 1 : 0;
            var definition = LaunchdTranslator.Parse((RawMap)value, Path.GetFileNameWithoutExtension(files[i]), JobKind.Daemon, JobScope.System);
            var again = (RawMap)PropertyList.ReadXml(LaunchdTranslator.Render(definition).Content);
            Assert.Equal(((RawMap)value).Entries, new RawMap(ValueMap<RawValue>.From(again.Entries.Where(e => e.Key != LaunchdTranslator.MarkerKey))).Entries);
            Assert.Equal(definition, LaunchdTranslator.Parse(again, Path.GetFileNameWithoutExtension(files[i]), JobKind.Daemon, JobScope.System) with { Managed = false });
            covered++;
        }

        Console.WriteLine($"launchd corpus: {covered} plists round-tripped ({binary} binary), {malformed} malformed ones reported, of {files.Count}.");
        _output.WriteLine($"{covered} round-tripped, {malformed} malformed, {files.Count} files.");
        Assert.True(covered > 100);
    }

    [Fact]
    public void Reads_binary_plists_as_plistlib_writes_them()
    {
        var directory = Directory.CreateTempSubdirectory("sm-bplist-").FullName;
        try
        {
            var xml = Path.Combine(directory, "job.plist");
            File.WriteAllText(xml, LaunchdTranslator.Render(Samples()[1]).Content.Replace("</dict>\n</plist>", "\t<key>When</key>\n\t<date>2026-11-21T05:00:00Z</date>\n\t<key>Blob</key>\n\t<data>AAEC/w==</data>\n\t<key>Ratio</key>\n\t<real>0.5</real>\n\t<key>Big</key>\n\t<integer>-9000000000</integer>\n\t<key>Uni</key>\n\t<string>ünï 😀</string>\n</dict>\n</plist>", StringComparison.Ordinal));
            var binary = Path.Combine(directory, "job.bplist");
            Assert.True(new ProcessCommandRunner().Run(CommandLine.Of("python3", Repo.PathOf("tests", "launchd", "plisttool.py"), "binary", xml, binary)).Succeeded);
            var fromBinary = PropertyList.Read(File.ReadAllBytes(binary));
            Assert.Equal(PropertyList.ReadXml(File.ReadAllText(xml)), fromBinary);
            Assert.True(JsonNode.DeepEquals(Json(fromBinary), Plistlib(new[] { binary })[0]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("<plist><dict><key>A</key></dict></plist>")]
    [InlineData("<plist><dict><string>no key</string></dict></plist>")]
    [InlineData("<plist><dict><key>A</key><integer>x</integer></dict></plist>")]
    [InlineData("<plist><dict><key>A</key><blob/></dict></plist>")]
    [InlineData("<notplist/>")]
    [InlineData("<plist><dict><key>A</key><string>1</string><key>A</key><string>2</string></dict></plist>")]
    [InlineData("<plist><dict>")]
    public void Malformed_plists_are_a_typed_error(string xml)
    {
        Assert.ThrowsAny<PropertyListException>(() => PropertyList.ReadXml(xml));
    }

    [Fact]
    public void A_truncated_binary_plist_is_a_typed_error()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes("bplist00").Concat(new byte[40]).ToArray();
        bytes[^26] = 1;
        bytes[^25] = 1;
        bytes[^17] = 9;
        Assert.ThrowsAny<PropertyListException>(() => PropertyList.Read(bytes));
    }

    [Theory]
    [InlineData("<key>KeepAlive</key><true/>", StartupType.Automatic)]
    [InlineData("<key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>", StartupType.Automatic)]
    [InlineData("<key>KeepAlive</key><dict><key>PathState</key><dict><key>/tmp/go</key><true/></dict></dict>", StartupType.Manual)]
    [InlineData("<key>KeepAlive</key><false/>", StartupType.Manual)]
    [InlineData("", StartupType.Manual)]
    [InlineData("<key>KeepAlive</key><true/><key>Disabled</key><true/>", StartupType.Disabled)]
    public void A_job_launchd_keeps_alive_from_its_load_starts_with_the_system_without_RunAtLoad(string keys, StartupType startup)
    {
        var definition = Parse($"<plist version=\"1.0\"><dict><key>Label</key><string>com.example.kept</string><key>Program</key><string>/usr/local/bin/kept</string>{keys}</dict></plist>");
        Assert.Equal(startup, definition.StartupType);
    }
}
