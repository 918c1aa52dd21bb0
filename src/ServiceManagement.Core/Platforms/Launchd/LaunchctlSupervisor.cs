using System.Globalization;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// launchctl's modern verbs only (bootstrap, bootout, enable, disable, kickstart, print,
/// print-disabled; never load or unload), each addressed to a domain: <c>system</c>, <c>gui/UID</c>
/// for a user with a GUI session, else <c>user/UID</c>. Outcomes that mean the state asked for already
/// holds — already bootstrapped, not loaded — count as success.
/// </summary>
internal sealed class LaunchctlSupervisor
{
    private readonly ICommandRunner _runner;

    public LaunchctlSupervisor(ICommandRunner runner) => _runner = runner;

    /// <summary>The domain a user's agents go to, and whether it is only their background session.</summary>
    public (string Domain, bool Headless) UserDomain(PosixUser user)
    {
        var gui = "gui/" + user.Id.ToString(CultureInfo.InvariantCulture);
        var result = _runner.Run(CommandLine.Of("launchctl", "print", gui));
        return result.Succeeded ? (gui, false) : ("user/" + user.Id.ToString(CultureInfo.InvariantCulture), true);
    }

    public void Bootstrap(string domain, string plist)
    {
        var command = CommandLine.Of("launchctl", "bootstrap", domain, plist);
        var result = _runner.Run(command);
        if (result.Succeeded || IsAlreadyLoaded(result))
        {
            return;
        }

        throw Failure(command, result);
    }

    public void Bootout(string domain, string label)
    {
        var command = CommandLine.Of("launchctl", "bootout", domain + "/" + label);
        var result = _runner.Run(command);
        if (!result.Succeeded && !IsNotLoaded(result))
        {
            throw Failure(command, result);
        }
    }

    public void Run(params string[] arguments)
    {
        var command = new CommandLine("launchctl", arguments);
        var result = _runner.Run(command);
        if (!result.Succeeded)
        {
            throw Failure(command, result);
        }
    }

    /// <summary>The fields of <c>launchctl print DOMAIN/LABEL</c>; null when the job is not loaded there.</summary>
    public IReadOnlyDictionary<string, string>? Print(string domain, string label)
    {
        var command = CommandLine.Of("launchctl", "print", domain + "/" + label);
        var result = _runner.Run(command);
        if (!result.Succeeded)
        {
            return IsNotLoaded(result) ? null : throw Failure(command, result);
        }

        return result.StandardOutput.Split('\n')
            .Where(line => line.StartsWith("\t", StringComparison.Ordinal) && !line.StartsWith("\t\t", StringComparison.Ordinal))
            .Select(line => line.Trim().Split(new[] { " = " }, 2, StringSplitOptions.None))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
    }

    /// <summary>Labels the domain's overrides disable (<c>"label" =&gt; disabled</c>, or <c>=&gt; true</c> on older systems).</summary>
    public ISet<string> Disabled(string domain)
    {
        var result = _runner.Run(CommandLine.Of("launchctl", "print-disabled", domain));
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n').Select(l => l.Trim()))
        {
            var parts = line.Split(new[] { " => " }, 2, StringSplitOptions.None);
            if (parts.Length == 2 && parts[0].StartsWith("\"", StringComparison.Ordinal) && parts[1] is "disabled" or "true")
            {
                disabled.Add(parts[0].Trim('"'));
            }
        }

        return disabled;
    }

    /// <summary>Status from <c>launchctl print</c>: running, waiting to be started, on its way, or failed.</summary>
    public static BackgroundJobStatus ToStatus(string name, IReadOnlyDictionary<string, string>? fields, bool disabled)
    {
        if (fields is null)
        {
            return new BackgroundJobStatus(name, disabled ? JobState.Disabled : JobState.NotLoaded) { NativeState = "not loaded" };
        }

        string? Get(string key) => fields.TryGetValue(key, out var value) ? value : null;
        var exit = Get("last exit code") is { } text && int.TryParse(text.Split(':')[0].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : (int?)null;
        var state = Get("state") switch
        {
            "running" => JobState.Running,
            "spawn scheduled" or "spawning" or "xpcproxy" => JobState.Starting,
            "exiting" => JobState.Stopping,
            _ when disabled => JobState.Disabled,
            _ when exit is not null and not 0 => JobState.Failed,
            "not running" or "waiting" => JobState.Stopped,
            _ => JobState.Unknown,
        };
        return new BackgroundJobStatus(name, state)
        {
            ProcessId = int.TryParse(Get("pid"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null,
            LastExitCode = exit,
            ExitReason = Get("last exit code") is { } reason ? "last exit code " + reason : null,
            RestartCount = int.TryParse(Get("runs"), NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0 ? runs - 1 : null,
            NativeState = Get("state"),
        };
    }

    private static bool IsAlreadyLoaded(CommandResult result) =>
        result.ExitCode is 37 || Text(result).IndexOf("already", StringComparison.OrdinalIgnoreCase) >= 0;

    private static bool IsNotLoaded(CommandResult result) =>
        result.ExitCode is 3 or 113 || Text(result).IndexOf("Could not find", StringComparison.OrdinalIgnoreCase) >= 0 || Text(result).IndexOf("No such process", StringComparison.OrdinalIgnoreCase) >= 0;

    private static string Text(CommandResult result) => result.StandardError + result.StandardOutput;

    private static ServiceManagementException Failure(CommandLine command, CommandResult result)
    {
        var detail = Text(result).Trim();
        var message = $"{command} exited with {result.ExitCode}: {detail}";
        return result.ExitCode == 1 && detail.IndexOf("not permitted", StringComparison.OrdinalIgnoreCase) >= 0
            || detail.IndexOf("Permission denied", StringComparison.OrdinalIgnoreCase) >= 0
            || detail.IndexOf("Operation not permitted", StringComparison.OrdinalIgnoreCase) >= 0
            ? new PermissionDeniedException(message)
            : new PlatformException(message);
    }
}
