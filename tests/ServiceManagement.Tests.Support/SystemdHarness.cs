using System.Text.Json;
using ServiceManagement.Processes;
using Xunit;

namespace ServiceManagement.Tests.Support;

/// <summary>
/// A real systemd booted by tests/systemd/harness.sh as PID 1 of a private PID + mount namespace.
/// Commands run inside through nsenter; svcmgmt runs there from /run/svcmgmt with the machine's
/// real paths. A sentinel file in the host's /tmp proves every run leaves the host alone.
/// </summary>
public sealed class SystemdHarness : IDisposable
{
    public const int TestUserId = 4242;
    public const string TestUser = "smtest";
    public const int SecondUserId = 4245;
    public const string SecondUser = "smtest2";

    private readonly string _state;
    private readonly string _sentinel;

    public SystemdHarness()
    {
        if (Prerequisites.MissingRealSystemd() is { } missing)
        {
            Unavailable = missing;
            _state = _sentinel = string.Empty;
            return;
        }

        _sentinel = Path.Combine("/tmp", $"sm-sentinel-{Guid.NewGuid():N}");
        File.WriteAllText(_sentinel, "the host's /tmp must keep this file");
        _state = Path.Combine(Path.GetTempPath(), $"sm-harness-{Guid.NewGuid():N}");
        var start = Run("bash", Repo.PathOf("tests", "systemd", "harness.sh"), "start", _state, SvcmgmtDirectory);
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException("The systemd harness did not start:\n" + start.Output);
        }

        Pid = start.Output.Trim().Split('\n').Last();
    }

    /// <summary>
    /// The svcmgmt the scenarios run: the shipped one when tests/run.sh packaged it (SVCMGMT_UNDER_TEST: NativeAOT
    /// on linux-x64), else the one built beside these tests.
    /// </summary>
    public static string SvcmgmtDirectory =>
        Environment.GetEnvironmentVariable("SVCMGMT_UNDER_TEST") is { Length: > 0 } shipped ? shipped : AppContext.BaseDirectory;

    /// <summary>Why a real systemd cannot run here; null when it can.</summary>
    public string? Unavailable { get; }

    /// <summary>
    /// This harness for a test class, talking to systemd through <paramref name="transport"/> (bus or systemctl);
    /// a failure when systemd cannot run (outside CI, RealSystemdFact has skipped the test before this).
    /// </summary>
    public SystemdHarness Required(string? transport = null)
    {
        Assert.True(Unavailable is null, "A real systemd is required under CI: " + Unavailable);
        Transport = transport ?? Transport;
        return this;
    }

    public string Pid { get; } = string.Empty;

    /// <summary>Files both sides see: here on the host, /run/sm-share inside.</summary>
    public string Share => Path.Combine(_state, "share");

    /// <summary>The private /etc/systemd/system, seen from the host.</summary>
    public string SystemUnitDirectory => Path.Combine(_state, "system");

    /// <summary>The private /etc/systemd/user (agents of every user), seen from the host.</summary>
    public string UserUnitDirectory => Path.Combine(_state, "user");

    /// <summary>What the namespace's systemd logged (its console; the harness runs no journald).</summary>
    public string ManagerLog => File.ReadAllText(Path.Combine(_state, "console.log"));

    public void AssertHostUntouched() => Assert.True(File.Exists(_sentinel), "The sentinel in the host's /tmp is gone: the harness touched the host.");

    /// <summary>Runs a command inside the namespace.</summary>
    public (int ExitCode, string Output) Inside(params string[] command) =>
        Run("nsenter", new[] { "-t", Pid, "-m", "-p", "--" }.Concat(command).ToArray());

    /// <summary>
    /// How svcmgmt reaches systemd (SVCMGMT_SYSTEMD_TRANSPORT): "bus" unless a scenario class asks for
    /// "systemctl", so that a scenario proves the path it names (bus never falls back to systemctl).
    /// </summary>
    public string Transport { get; set; } = "bus";

    public (int ExitCode, string Output) Svcmgmt(params string[] arguments) =>
        Inside(new[] { "env", "SVCMGMT_SYSTEMD_TRANSPORT=" + Transport, "/run/svcmgmt/svcmgmt" }.Concat(arguments).ToArray());

    /// <summary>svcmgmt inside, with its standard output and standard error apart.</summary>
    public (int ExitCode, string Output, string Error) SvcmgmtApart(params string[] arguments)
    {
        var result = Inside(new[] { "env", "SVCMGMT_SYSTEMD_TRANSPORT=" + Transport, "bash", "-c", "/run/svcmgmt/svcmgmt \"$@\" 2>/run/sm-share/stderr", "svcmgmt" }.Concat(arguments).ToArray());
        return (result.ExitCode, result.Output, File.ReadAllText(Path.Combine(Share, "stderr")));
    }

    /// <summary>
    /// Runs a PowerShell script inside the namespace with PowerShell 7.6.9 (the tool manifest's) and the
    /// module as laid out for shipping, copied to /run/sm-share/pwsh/ServiceManagement: the repository
    /// may live under the host's /tmp, which the namespace covers.
    /// </summary>
    /// <remarks>
    /// As another <paramref name="user"/> (runuser), PowerShell runs from its own files bound to /run/sm-pwsh
    /// inside the namespace, since that user cannot enter root's NuGet cache, with a home in the private /tmp.
    /// </remarks>
    public (int ExitCode, string Output) PowerShell(string script, string? user = null)
    {
        var home = Path.Combine(Share, "pwsh");
        if (!Directory.Exists(home))
        {
            Copy(Repo.PathOf("artifacts", "module", "Debug", "ServiceManagement"), Path.Combine(home, "ServiceManagement"));
            Copy(Repo.PathOf(".config"), Path.Combine(home, ".config"));
        }

        var file = ShareFile("script.ps1", "$ErrorActionPreference = 'Stop'\nImport-Module /run/sm-share/pwsh/ServiceManagement/ServiceManagement.psd1\n" + script);
        if (user is null)
        {
            return Inside("bash", "-c", $"cd /run/sm-share/pwsh && dotnet pwsh -NoLogo -NoProfile -NonInteractive -File {file}");
        }

        if (Inside("test", "-f", "/run/sm-pwsh/pwsh.dll").ExitCode != 0)
        {
            var pshome = Run("dotnet", "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME").Output.Trim().Split('\n').Last();
            var bound = Inside("bash", "-c", $"mkdir -p /run/sm-pwsh && mount --bind '{pshome}' /run/sm-pwsh");
            Assert.True(bound.ExitCode == 0, bound.Output);
        }

        return Inside("runuser", "-u", user, "--", "env", $"HOME=/tmp/home-{user}", "bash", "-c",
            $"mkdir -p \"$HOME\" && cd /run/sm-share/pwsh && dotnet /run/sm-pwsh/pwsh.dll -NoLogo -NoProfile -NonInteractive -File {file}");
    }

    private static void Copy(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    public string ShareFile(string name, string content)
    {
        File.WriteAllText(Path.Combine(Share, name), content);
        return "/run/sm-share/" + name;
    }

    /// <summary>Creates the jobs of a <c>jobs:</c> list (<paramref name="yaml"/>, its items) with <c>svcmgmt new</c>, which must succeed.</summary>
    public void NewJobs(string file, string yaml, params string[] options)
    {
        var (exitCode, output) = Svcmgmt(new[] { "new", ShareFile(file, "jobs:\n" + yaml) }.Concat(options).ToArray());
        Assert.True(exitCode == 0, output);
    }

    /// <summary>One property of a unit as systemd itself reports it, from the system or a user's manager (the test user's unless <paramref name="of"/> names another).</summary>
    public string Property(string unit, string property, bool user = false, (string Name, int Id)? of = null)
    {
        var (name, id) = of ?? (TestUser, TestUserId);
        var systemctl = user
            ? new[] { "runuser", "-u", name, "--", "env", $"XDG_RUNTIME_DIR=/run/user/{id}", "systemctl", "--user" }
            : new[] { "systemctl" };
        return Inside(systemctl.Concat(new[] { "show", "--value", "-p", property, unit }).ToArray()).Output.Trim();
    }

    public JsonElement Status(string name)
    {
        var (exitCode, output) = Svcmgmt("status", name, "--json");
        Assert.True(exitCode == 0, output);
        return JsonDocument.Parse(output).RootElement[0];
    }

    /// <summary>Waits for a condition systemd reports, up to a deadline; fails with what was last seen.</summary>
    public static void Eventually(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        using var pause = new ManualResetEventSlim();
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {seconds}s waiting for {what}.");
            pause.Wait(50);
        }
    }

    public void Dispose()
    {
        if (Unavailable is null)
        {
            Run("bash", Repo.PathOf("tests", "systemd", "harness.sh"), "stop", _state);
            AssertHostUntouched();
            File.Delete(_sentinel);
        }
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var result = new ProcessCommandRunner().Run(new CommandLine(program, arguments));
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}

/// <summary>A scenario against a real systemd; skipped with the reason off CI when one cannot be booted here.</summary>
public sealed class RealSystemdFactAttribute : FactAttribute
{
    public RealSystemdFactAttribute()
    {
        if (!Prerequisites.IsCi && Prerequisites.MissingRealSystemd() is { } reason)
        {
            Skip = "Needs a real systemd: " + reason + ".";
        }
    }
}
