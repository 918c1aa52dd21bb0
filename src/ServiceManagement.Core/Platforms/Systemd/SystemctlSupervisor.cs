using System.Globalization;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// Talks to systemd managers through systemctl. The system manager directly; the caller's own user
/// manager with <c>--user</c>; another user's (as root) by running systemctl as that user with
/// <c>runuser</c> and XDG_RUNTIME_DIR pointing at the manager, which needs no system bus or logind
/// (<c>--machine=USER@</c> does); units for every user with <c>--global</c>.
/// </summary>
internal sealed class SystemctlSupervisor
{
    private readonly ICommandRunner _runner;
    private readonly LinuxLayout _layout;

    public SystemctlSupervisor(ICommandRunner runner, LinuxLayout layout)
    {
        _runner = runner;
        _layout = layout;
    }

    /// <summary>The systemctl command line that addresses <paramref name="manager"/>.</summary>
    public CommandLine Systemctl(SystemdManager manager, params string[] arguments)
    {
        if (manager.IsGlobal)
        {
            return new CommandLine("systemctl", new[] { "--global" }.Concat(arguments).ToList());
        }

        if (manager.User is not { } user)
        {
            return new CommandLine("systemctl", arguments);
        }

        if (user.Id == _layout.CurrentUser.Id)
        {
            return new CommandLine("systemctl", new[] { "--user" }.Concat(arguments).ToList());
        }

        if (!_layout.IsRoot)
        {
            throw new PermissionDeniedException($"Only root can manage another user's jobs ({user.Name}).");
        }

        return new CommandLine("runuser", new[] { "-u", user.Name, "--", "env", $"XDG_RUNTIME_DIR={SystemdSupervisor.RuntimeDirectory(user)}", "systemctl", "--user" }.Concat(arguments).ToList());
    }

    /// <summary>
    /// True when the manager can be talked to now: the system's when systemd booted the machine (as
    /// sd_booted(3) tells, by /run/systemd/system), a user's when their manager has its runtime directory.
    /// </summary>
    public bool IsRunning(SystemdManager manager) =>
        Directory.Exists(_layout.PathOf(manager.User is { } user ? Path.Combine(SystemdSupervisor.RuntimeDirectory(user), "systemd") : "/run/systemd/system"));

    /// <summary>Fails with a message that says what to do when a user's manager is not running.</summary>
    public void RequireRunning(SystemdManager manager, bool linger)
    {
        if (IsRunning(manager))
        {
            return;
        }

        if (linger && manager.User is { } lingering)
        {
            Run(new CommandLine("loginctl", new[] { "enable-linger", lingering.Name }), "enable lingering for " + lingering.Name);
            Run(Systemctl(SystemdManager.System, "start", $"user@{lingering.Id.ToString(CultureInfo.InvariantCulture)}.service"), "start the user manager of " + lingering.Name);
            return;
        }

        if (manager.User is not { } user)
        {
            throw new PlatformException("systemd is not running on this machine (it was not booted with systemd as PID 1), so jobs cannot be started, stopped or reloaded.");
        }

        throw new PlatformException(
            $"{user.Name} has no running systemd user manager (the user is not logged in and lingering is off), so the agent cannot run now. " +
            $"It starts at {user.Name}'s next login; to run it without a login, enable lingering (loginctl enable-linger {user.Name}, or the Linger option).");
    }

    /// <summary>daemon-reload; the caller decides whether the manager runs.</summary>
    public void Reload(SystemdManager manager) => Run(Systemctl(manager, "daemon-reload"), "reload");

    /// <summary>
    /// Runs one verb on many units in one call. Stopping or disabling something that is not loaded
    /// counts as done: the state asked for holds. Without <paramref name="reload"/>, enable and disable only
    /// change links (<c>--no-reload</c>): the caller reloads once for everything it changed.
    /// </summary>
    public void Apply(SystemdManager manager, JobAction action, IReadOnlyList<string> units, bool now = false, bool reload = true)
    {
        if (units.Count == 0)
        {
            return;
        }

        var verb = SystemdSupervisor.Verb(action);
        var arguments = new List<string> { verb };
        if (now)
        {
            arguments.Add("--now");
        }

        if (!reload && action is JobAction.Enable or JobAction.Disable)
        {
            arguments.Add("--no-reload");
        }

        arguments.Add("--");
        arguments.AddRange(units);
        var command = Systemctl(manager, arguments.ToArray());
        var result = _runner.Run(command);
        if (result.Succeeded || (action is JobAction.Stop or JobAction.Disable && SystemdSupervisor.SaysNotLoaded(result.StandardError)))
        {
            return;
        }

        throw Failure(command, result, $"{verb} {SystemdSupervisor.Describe(units)}");
    }

    /// <summary>
    /// Enables or disables units of a manager that does not run (a machine image, a user who is not logged in):
    /// <c>systemctl --root</c> only makes or removes the [Install] links. A user's links are made as that user,
    /// in their configuration directory (systemctl finds it through XDG_CONFIG_HOME).
    /// </summary>
    public void ApplyOffline(SystemdManager manager, JobAction action, IReadOnlyList<string> units)
    {
        if (units.Count == 0)
        {
            return;
        }

        var verb = SystemdSupervisor.Verb(action);
        var arguments = new[] { "--root=" + _layout.PathOf("/"), verb, "--" }.Concat(units);
        CommandLine command;
        if (manager.User is not { } user)
        {
            command = new CommandLine("systemctl", arguments.ToList());
        }
        else
        {
            var environment = new[] { "env", "HOME=" + user.Home, "XDG_CONFIG_HOME=" + Path.Combine(user.Home, ".config"), "systemctl", "--user" };
            var asUser = user.Id == _layout.CurrentUser.Id ? Array.Empty<string>() : new[] { "runuser", "-u", user.Name, "--" };
            var all = asUser.Concat(environment).Concat(arguments).ToList();
            command = new CommandLine(all[0], all.Skip(1).ToList());
        }

        var result = _runner.Run(command);
        if (!result.Succeeded && !(action == JobAction.Disable && SystemdSupervisor.SaysNotLoaded(result.StandardError)))
        {
            throw Failure(command, result, $"{verb} {SystemdSupervisor.Describe(units)} offline");
        }
    }

    /// <summary>Properties of many units from one <c>systemctl show</c>, by unit name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Show(SystemdManager manager, IReadOnlyList<string> units)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (units.Count == 0)
        {
            return result;
        }

        var arguments = new List<string> { "show", "--timestamp=unix", "--property=" + string.Join(",", SystemdStatus.Properties), "--" };
        arguments.AddRange(units);
        var command = Systemctl(manager, arguments.ToArray());
        var output = _runner.Run(command);
        if (!output.Succeeded)
        {
            throw Failure(command, output, "read the status of " + SystemdSupervisor.Describe(units));
        }

        foreach (var block in output.StandardOutput.Replace("\r\n", "\n").Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries))
        {
            var properties = block.Split('\n')
                .Select(line => line.Split(new[] { '=' }, 2))
                .Where(parts => parts.Length == 2)
                .GroupBy(parts => parts[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
            if (properties.TryGetValue("Id", out var id))
            {
                result[id] = properties;
            }
        }

        return result;
    }

    /// <summary>Load, active and sub state of every unit the manager has loaded, from one <c>systemctl list-units --all</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ListUnits(SystemdManager manager)
    {
        var command = Systemctl(manager, "list-units", "--all", "--plain", "--no-legend", "--no-pager", "--full");
        var output = _runner.Run(command);
        if (!output.Succeeded)
        {
            throw Failure(command, output, "list the loaded units");
        }

        var units = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var line in output.StandardOutput.Split('\n'))
        {
            var fields = line.Split(new[] { ' ' }, 5, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 4)
            {
                units[fields[0]] = new Dictionary<string, string> { ["LoadState"] = fields[1], ["ActiveState"] = fields[2], ["SubState"] = fields[3] };
            }
        }

        return units;
    }

    private void Run(CommandLine command, string what)
    {
        var result = _runner.Run(command);
        if (!result.Succeeded)
        {
            throw Failure(command, result, what);
        }
    }

    private static ServiceManagementException Failure(CommandLine command, CommandResult result, string what)
    {
        var detail = (result.StandardError.Trim().Length > 0 ? result.StandardError : result.StandardOutput).Trim();
        var message = $"Could not {what}: {command.Program} exited with {result.ExitCode}: {detail}";
        return detail.IndexOf("Access denied", StringComparison.OrdinalIgnoreCase) >= 0 || detail.IndexOf("Interactive authentication required", StringComparison.OrdinalIgnoreCase) >= 0
            ? new PermissionDeniedException(message)
            : new PlatformException(message);
    }
}
