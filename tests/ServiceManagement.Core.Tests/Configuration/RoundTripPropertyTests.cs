using FsCheck;
using FsCheck.Fluent;
using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Configuration;

/// <summary>Property: saving any valid definition as YAML and loading it back gives an equal definition.</summary>
public class RoundTripPropertyTests
{
    private static readonly string[] TrickyText =
    {
        "", " ", "true", "False", "null", "~", "123", "-1", "0x1F", "0o17", "1e3", ".inf", "- a", "-", "--", "---", "...", "a: b", "a #b", "#x",
        "'quoted'", "\"double\"", "back\\slash", "*star", "&amp", "!bang", "%pct", "@at", "`tick", "{brace}", "[list]", "a,b", "?", "|", ">",
        " leading", "trailing ", "ünïcödé", "日本語", "emoji 😀", "C:\\Program Files\\x", "$HOME", "%PATH%", "tab\u00a0nbsp", "yes", "no", "on", "off",
    };

    private static readonly char[] TextCharacters = "abcXYZ019 -_.:/\\#'\"*&!%@`{}[],?|>~$=+^()ü日😀".ToCharArray();

    private static Gen<string> Text() =>
        Gen.OneOf(Gen.Elements(TrickyText), Gen.ArrayOf(Gen.Elements(TextCharacters)).Select(chars => Fix(new string(chars))));

    /// <summary>The emoji in the character set is a surrogate pair; keep pairs whole.</summary>
    private static string Fix(string text) => new string(text.Where(c => !char.IsSurrogate(c)).ToArray()) + (text.Any(char.IsSurrogate) ? "😀" : string.Empty);

    private static Gen<string> Name() =>
        from first in Gen.Elements("abcXYZ019".ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements("abcXYZ019._-".ToCharArray()))
        select first + new string(rest.Take(60).ToArray());

    private static Gen<string> AbsolutePath() =>
        from segments in Gen.NonEmptyListOf(Gen.Elements("usr", "bin", "my app", "ü", "a:b", "#x", "true", "-v", "x y", "C"))
        select "/" + string.Join("/", segments);

    private static Gen<string> EnvironmentName() =>
        from first in Gen.Elements("AZ_a".ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements("AZ_09b".ToCharArray()))
        select first + new string(rest.Take(20).ToArray());

    private static Gen<Duration> PositiveDuration() =>
        Gen.OneOf(Gen.Choose(1, 1_000_000).Select(s => new Duration(TimeSpan.FromSeconds(s))), Gen.Choose(1, 999).Select(ms => new Duration(TimeSpan.FromMilliseconds(ms))));

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<T?> MaybeValue<T>(Gen<T> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<RawValue> Raw(int depth)
    {
        var scalar = Gen.OneOf(
            Text().Select(t => (RawValue)new RawScalar(t)),
            Gen.Elements("true", "false").Select(t => (RawValue)new RawScalar(t, RawScalarType.Boolean)),
            Gen.Choose(-1000, 1000).Select(i => (RawValue)new RawScalar(i.ToString(System.Globalization.CultureInfo.InvariantCulture), RawScalarType.Integer)),
            Gen.Elements("0.5", "1e3", "-2.25").Select(t => (RawValue)new RawScalar(t, RawScalarType.Real)));
        if (depth == 0)
        {
            return scalar;
        }

        return Gen.Frequency(
            (3, scalar),
            (1, Gen.ListOf(Raw(depth - 1), 3).Select(items => (RawValue)new RawList(ValueList<RawValue>.From(items)))),
            (1, RawMap(depth - 1).Select(map => (RawValue)new RawMap(map))));
    }

    private static Gen<ValueMap<RawValue>> RawMap(int depth) =>
        from keys in Gen.ListOf(Gen.OneOf(Name(), Gen.Elements("Key With Space", "true", "1", "a:b")), 3)
        from values in Gen.ListOf(Raw(depth), 3)
        select ValueMap<RawValue>.From(keys.Distinct().Zip(values, (k, v) => (k, v)));

    private static Gen<BackgroundJobDefinition> Definition() =>
        from identity in Gen.Elements((JobKind.Daemon, JobScope.System), (JobKind.Agent, JobScope.System), (JobKind.Agent, JobScope.User), (JobKind.LoginItem, JobScope.User), (JobKind.LoginItem, JobScope.System))
        from name in Name()
        from user in identity.Item2 == JobScope.User ? Maybe(Gen.Elements("alice", "bob.smith", "DOMAIN\\carol")) : Gen.Constant<string?>(null)
        from program in AbsolutePath()
        from arguments in Gen.ListOf(Text(), 6)
        from workingDirectory in Maybe(AbsolutePath())
        from environmentNames in Gen.ListOf(EnvironmentName(), 4)
        from environmentValues in Gen.ListOf(Text(), 4)
        from secretMask in Gen.ArrayOf(Gen.Elements(true, false), 4)
        from runAs in identity.Item1 == JobKind.Daemon ? Maybe(Gen.Elements(new RunAs { User = "backup" }, new RunAs { User = "www", Group = "www" }, new RunAs { Account = "NT SERVICE\\x" })) : Gen.Constant<RunAs?>(null)
        from description in Maybe(Text())
        from startup in MaybeValue(Gen.Elements(StartupType.Automatic, StartupType.Manual, StartupType.Disabled))
        from restart in identity.Item1 == JobKind.LoginItem ? Gen.Constant<RestartPolicy?>(null) : Maybe(
            from policy in Gen.Elements(RestartCondition.Never, RestartCondition.OnFailure, RestartCondition.Always)
            from delay in MaybeValue(PositiveDuration())
            from throttle in Maybe(from burst in Gen.Choose(1, 100) from interval in PositiveDuration() select new RestartThrottle(burst, interval))
            select new RestartPolicy(policy) { Delay = delay, Throttle = throttle })
        from schedule in identity.Item1 == JobKind.LoginItem ? Gen.Constant<Schedule?>(null) : Maybe(Gen.OneOf(
            PositiveDuration().Select(Schedule.EveryInterval),
            Gen.Elements("0 2 * * *", "*/5 * * * *", "0 9-17 * * MON-FRI", "@daily", "0 0 1,15 * *").Select(Schedule.OnCron)))
        from stdout in Maybe(AbsolutePath())
        from sockets in Gen.Elements(
            ValueList<SocketSpec>.Empty,
            ValueList.Of(new SocketSpec("web", SocketProtocol.Tcp) { Address = "::1", Port = 443 }, new SocketSpec("dns", SocketProtocol.Udp) { Port = 53 }),
            ValueList.Of(new SocketSpec("ctl", SocketProtocol.Unix) { Path = "/run/x y.sock" }),
            ValueList.Of(new SocketSpec("echo", SocketProtocol.Tcp) { Port = 7, Accept = true }))
        from watch in identity.Item1 == JobKind.LoginItem ? Gen.Constant<PathWatch?>(null) : Gen.Elements<PathWatch?>(
            null,
            new PathWatch { Paths = ValueList.Of("/etc/app.conf", "/srv/in box 100%") },
            new PathWatch { QueueDirectories = ValueList.Of("/var/spool/app") },
            new PathWatch { Paths = ValueList.Of("/etc/a"), QueueDirectories = ValueList.Of("/var/q1", "/var/q2") })
        from activation in identity.Item1 == JobKind.LoginItem ? Gen.Constant<Activation?>(null) : Gen.Elements<Activation?>(null, new Activation("org.example.Echo"))
        from dependencies in Gen.ListOf(Name(), 3)
        from limits in Maybe(
            from files in MaybeValue(Gen.Choose(1, 100000).Select(i => (long)i))
            from memory in MaybeValue(Gen.Elements(1L, 1000L, 1L << 20, 3L << 30, (1L << 40) + 1))
            from nice in MaybeValue(Gen.Choose(-20, 19))
            select new ResourceLimits { OpenFiles = files, MemoryBytes = memory, Nice = nice })
        from sandbox in MaybeValue(Gen.Elements(SandboxProfile.None, SandboxProfile.Basic, SandboxProfile.Strict))
        from launchd in RawMap(2)
        from systemd in RawMap(1)
        select new BackgroundJobDefinition(name, identity.Item1, identity.Item2)
        {
            User = user,
            Program = program,
            Arguments = ValueList<string>.From(arguments),
            WorkingDirectory = workingDirectory,
            Environment = ValueMap<string>.From(environmentNames.Distinct().Zip(environmentValues, (k, v) => (k, v))),
            SecretEnvironment = ValueList<string>.From(environmentNames.Distinct().Zip(environmentValues, (k, _) => k).Where((_, i) => i < secretMask.Length && secretMask[i]).OrderBy(k => k, StringComparer.Ordinal)),
            RunAs = runAs,
            Description = description,
            StartupType = startup,
            Restart = restart,
            Schedule = schedule,
            StandardOutputPath = stdout,
            Sockets = sockets,
            Watch = watch,
            Activation = activation,
            Dependencies = ValueList<string>.From(dependencies.Where(d => !string.Equals(d, name, StringComparison.OrdinalIgnoreCase))),
            ResourceLimits = limits,
            Sandbox = sandbox,
            Launchd = launchd,
            Systemd = systemd,
        };

    [Fact]
    public void Saving_then_loading_gives_back_an_equal_definition()
    {
        var property = Prop.ForAll(Definition().ToArbitrary(), definition =>
        {
            Assert.DoesNotContain(DefinitionValidator.Validate(definition), f => f.Severity == FindingSeverity.Error);
            var yaml = ConfigurationWriter.Save(new[] { definition });
            var result = ConfigurationLoader.Parse(yaml, "roundtrip.yaml");
            Assert.True(result.Findings.Count == 0, yaml + "\n" + string.Join("\n", result.Findings));
            var loaded = Assert.Single(result.Document!.Entries).Definition;
            Assert.True(definition == loaded, "Differs after a round trip:\n" + yaml);
            Assert.Equal(yaml, ConfigurationWriter.Save(new[] { loaded }));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    /// <summary>
    /// The JSON form is written directly from the model; it must say exactly what the YAML form says, read
    /// through the YAML parser and printed as JSON node by node, and load back to the same definition.
    /// </summary>
    [Fact]
    public void The_JSON_form_says_what_the_YAML_form_says_and_loads_back_equal()
    {
        var property = Prop.ForAll(Definition().ToArbitrary(), definition =>
        {
            var entry = new ConfigurationEntry(definition);
            var yaml = ConfigurationWriter.Save(new[] { entry });
            var jobs = ((YamlMapping)YamlTree.Parse(yaml, "roundtrip.yaml")!).Entries.Single(e => e.Key.Value == "jobs").Value;
            var json = JsonForm.Write(entry);

            Assert.Equal(JsonForm.Node(((YamlSequence)jobs).Items[0]), json);
            var read = JsonForm.Read(json, "roundtrip.json");
            Assert.True(read.Findings.Count == 0, json + "\n" + string.Join("\n", read.Findings));
            var loaded = Assert.Single(read.Document!.Entries).Definition;
            Assert.True(definition == loaded, "Differs after a JSON round trip:\n" + json + "\n" + definition + "\n" + loaded);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }
}
