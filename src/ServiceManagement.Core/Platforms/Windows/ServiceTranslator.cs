using ServiceManagement.Errors;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Daemons without a schedule as Windows services. The image path is the program and arguments joined by
/// CommandLineToArgvW's rules, the program always quoted. The account is runAs.account (or runAs.user),
/// LocalSystem by default; short names (LocalService, NetworkService) are written as NT AUTHORITY\…, and a
/// virtual account NT SERVICE\name gets the unrestricted service SID it needs. A restart policy becomes
/// failure actions with the failure-actions flag set (so that a non-zero exit counts as a failure): one
/// restart action that repeats, or — with a throttle — one restart per allowed start and then none, reset
/// after the throttle's interval. An activation name becomes a start trigger on the named pipe of that name
/// (<c>\\.\pipe\NAME</c>), the service demand-started. Raw settings: DisplayName, DelayedAutoStart, ServiceSidType, RequiredPrivileges.
/// Sandboxes: strict — a restricted service SID (the token can write only where the service's own SID is
/// granted) and SeChangeNotifyPrivilege alone; basic — an unrestricted service SID (the service's own SID, to
/// grant access to); <c>privileges: none</c> — SeChangeNotifyPrivilege alone. Raw settings win over these.
/// </summary>
internal static class ServiceTranslator
{
    /// <summary>The one privilege every process needs (traversing directories); "no privileges" keeps it.</summary>
    public const string MinimalPrivilege = "SeChangeNotifyPrivilege";

    private static readonly string[] RawKeys = { "DisplayName", "DelayedAutoStart", "ServiceSidType", "RequiredPrivileges", "StartPipes" };

    public static ServiceConfiguration Render(BackgroundJobDefinition d)
    {
        if (d?.Program is null)
        {
            throw new ArgumentException("A service needs a program.", nameof(d));
        }

        var unknown = d.Windows.Keys.FirstOrDefault(k => !RawKeys.Contains(k, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new UnsupportedFormatException($"{d.Name}: '{unknown}' is not a service setting; services take {string.Join(", ", RawKeys)}.");
        }

        var account = Account(d.RunAs?.Account ?? d.RunAs?.User);
        return new ServiceConfiguration(d.Name, WindowsCommandLine.Join(d.Program, d.Arguments))
        {
            DisplayName = Raw(d, "DisplayName") ?? d.Name,
            StartType = d.StartupType switch
            {
                StartupType.Manual => ServiceStartType.Manual,
                StartupType.Disabled => ServiceStartType.Disabled,
                _ when d.Activation is not null => ServiceStartType.Manual,
                _ => ServiceStartType.Automatic,
            },
            StartPipes = d.Windows.TryGetValue("StartPipes", out var pipes) && pipes is RawList pipeList
                ? ValueList<string>.From(pipeList.Items.Select(i => i.ToString()))
                : d.Activation is { } activation ? ValueList.Of(activation.Name) : ValueList<string>.Empty,
            DelayedAutoStart = Raw(d, "DelayedAutoStart") == "true",
            Account = account,
            Description = d.Description,
            FailureActions = FailureActions(d.Restart),
            Environment = ValueList<string>.From(d.Environment.Select(e => e.Key + "=" + e.Value)),
            Dependencies = d.Dependencies,
            SidType = Raw(d, "ServiceSidType") ?? d.Sandbox switch
            {
                SandboxProfile.Strict => "Restricted",
                SandboxProfile.Basic => "Unrestricted",
                _ => account.StartsWith("NT SERVICE\\", StringComparison.OrdinalIgnoreCase) ? "Unrestricted" : null,
            },
            RequiredPrivileges = d.Windows.TryGetValue("RequiredPrivileges", out var privileges) && privileges is RawList list
                ? ValueList<string>.From(list.Items.Select(i => i.ToString()))
                : d.Sandbox == SandboxProfile.Strict || d.Confinement?.Privileges is { Count: 0 } ? ValueList.Of(MinimalPrivilege) : ValueList<string>.Empty,
            Managed = true,
        };
    }

    public static BackgroundJobDefinition Parse(ServiceConfiguration service)
    {
        var argv = WindowsCommandLine.Split((service ?? throw new ArgumentNullException(nameof(service))).ImagePath);
        var raw = new List<(string, RawValue)>();
        if (service.DisplayName is not null && service.DisplayName != service.ServiceName)
        {
            raw.Add(("DisplayName", new RawScalar(service.DisplayName)));
        }

        if (service.DelayedAutoStart)
        {
            raw.Add(("DelayedAutoStart", new RawScalar("true", RawScalarType.Boolean)));
        }

        // What a sandbox writes reads back as that sandbox; any other SID type or privilege list stays raw.
        var virtualAccount = service.Account.StartsWith("NT SERVICE\\", StringComparison.OrdinalIgnoreCase);
        var minimal = service.RequiredPrivileges.SequenceEqual(new[] { MinimalPrivilege });
        var sandbox = service.SidType switch
        {
            "Restricted" when minimal => SandboxProfile.Strict,
            "Unrestricted" when !virtualAccount => SandboxProfile.Basic,
            _ => (SandboxProfile?)null,
        };
        var noPrivileges = minimal && sandbox != SandboxProfile.Strict;
        if (service.SidType is not null && sandbox is null && !(virtualAccount && service.SidType == "Unrestricted"))
        {
            raw.Add(("ServiceSidType", new RawScalar(service.SidType)));
        }

        // One pipe is the job's activation name; several (a vendor's) are kept as they are.
        if (service.StartPipes.Count > 1)
        {
            raw.Add(("StartPipes", new RawList(ValueList<RawValue>.From(service.StartPipes.Select(p => (RawValue)new RawScalar(p))))));
        }

        if (service.RequiredPrivileges.Count > 0 && !minimal)
        {
            raw.Add(("RequiredPrivileges", new RawList(ValueList<RawValue>.From(service.RequiredPrivileges.Select(p => (RawValue)new RawScalar(p))))));
        }

        return new BackgroundJobDefinition(service.ServiceName, JobKind.Daemon, JobScope.System)
        {
            Program = argv[0],
            Arguments = ValueList<string>.From(argv.Skip(1)),
            Environment = Environment(service),
            RunAs = service.Account == "LocalSystem" ? null : new RunAs { Account = service.Account },
            Description = service.Description,
            Activation = service.StartPipes.Count == 1 ? new Activation(service.StartPipes[0]) : null,
            StartupType = service.StartType switch
            {
                // A service its pipe starts is a demand-start one: that is how Windows says "on demand".
                ServiceStartType.Manual when service.StartPipes.Count == 1 => null,
                ServiceStartType.Manual => StartupType.Manual,
                ServiceStartType.Disabled => StartupType.Disabled,
                _ => null,
            },
            Restart = Restart(service.FailureActions),
            Dependencies = service.Dependencies,
            Sandbox = sandbox,
            Confinement = noPrivileges ? new Confinement { Privileges = ValueList<string>.Empty } : null,
            Windows = ValueMap<RawValue>.From(raw),
            Managed = service.Managed,
            Platform = JobPlatform.WindowsService,
            Origin = JobOrigin.Machine,
        };
    }

    /// <summary>The service's Environment value (NAME=VALUE strings) as variables; a name given twice is malformed.</summary>
    private static ValueMap<string> Environment(ServiceConfiguration service)
    {
        var variables = service.Environment.Select(e => e.IndexOf('=') is var at and > 0 ? (Name: e.Substring(0, at), Value: e.Substring(at + 1)) : (Name: e, Value: string.Empty)).ToList();
        var twice = variables.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return twice is null
            ? ValueMap<string>.From(variables)
            : throw new FormatException($"{service.ServiceName}: the environment variable {twice.Key} is given twice.");
    }

    /// <summary>Well-known short names in the form the SCM stores; anything else as given.</summary>
    public static string Account(string? account) => account switch
    {
        null or "" => "LocalSystem",
        _ when account.Equals("LocalSystem", StringComparison.OrdinalIgnoreCase) || account.Equals("NT AUTHORITY\\SYSTEM", StringComparison.OrdinalIgnoreCase) => "LocalSystem",
        _ when account.Equals("LocalService", StringComparison.OrdinalIgnoreCase) => "NT AUTHORITY\\LocalService",
        _ when account.Equals("NetworkService", StringComparison.OrdinalIgnoreCase) => "NT AUTHORITY\\NetworkService",
        _ => account,
    };

    /// <summary>True for accounts that sign in without a password: the built-in ones, virtual accounts and gMSAs.</summary>
    public static bool NeedsNoPassword(string account) =>
        account == "LocalSystem" || account.StartsWith("NT AUTHORITY\\", StringComparison.OrdinalIgnoreCase)
        || account.StartsWith("NT SERVICE\\", StringComparison.OrdinalIgnoreCase) || account.EndsWith("$", StringComparison.Ordinal);

    private static string? Raw(BackgroundJobDefinition d, string key) =>
        d.Windows.TryGetValue(key, out var value) && value is RawScalar scalar ? scalar.Text : null;

    private static ServiceFailureActions? FailureActions(RestartPolicy? restart)
    {
        if (restart is null || restart.Policy == RestartCondition.Never)
        {
            return null;
        }

        var delay = (int)(restart.Delay?.Value.TotalMilliseconds ?? 0);
        var actions = restart.Throttle is { } throttle
            ? Enumerable.Repeat(new ServiceFailureAction(true, delay), throttle.Burst).Append(new ServiceFailureAction(false, 0))
            : new[] { new ServiceFailureAction(true, delay) };
        var reset = restart.Throttle is { } limit ? (int)limit.Interval.TotalSeconds : 86400;
        return new ServiceFailureActions(reset, ValueList<ServiceFailureAction>.From(actions)) { OnNonCrashFailures = true };
    }

    private static RestartPolicy? Restart(ServiceFailureActions? failure)
    {
        if (failure is null || !failure.Actions.Any(a => a.Restart))
        {
            return null;
        }

        // The model restarts from the first failure on; a service that first does nothing (or reboots, or runs a
        // command) and restarts later keeps its failure actions as the SCM holds them, unmodelled.
        var restarts = failure.Actions.TakeWhile(a => a.Restart).ToList();
        if (restarts.Count == 0)
        {
            return null;
        }

        var throttled = restarts.Count < failure.Actions.Count;
        var delay = restarts[0].DelayMilliseconds;
        return new RestartPolicy(RestartCondition.OnFailure)
        {
            Delay = delay > 0 ? new Duration(TimeSpan.FromMilliseconds(delay)) : null,
            Throttle = throttled ? new RestartThrottle(restarts.Count, Duration.FromSeconds(failure.ResetPeriodSeconds)) : null,
        };
    }
}
