using System.Globalization;
using ServiceManagement.Model;

namespace ServiceManagement.Configuration;

/// <summary>One property that differs: its configuration path, and the value wanted and found (null for absent).</summary>
public sealed record PropertyChange(string Property, string? Desired, string? Actual);

/// <summary>
/// Compares two definitions property by property, naming each difference by its configuration key.
/// Secret environment values are shown as <see cref="Mask"/>.
/// </summary>
internal static class PropertyDiff
{
    public const string Mask = "********";

    private static readonly (string Name, Func<BackgroundJobDefinition, string?> Value)[] Properties =
    {
        ("kind", d => Name(d.Kind)),
        ("scope", d => Name(d.Scope)),
        ("user", d => d.User),
        ("program", d => d.Program),
        ("arguments", d => List(d.Arguments)),
        ("workingDirectory", d => d.WorkingDirectory),
        ("runAs", d => d.RunAs is { } r ? Join(("user", r.User), ("group", r.Group), ("account", r.Account)) : null),
        ("description", d => d.Description),
        ("restart", d => d.Restart is { } r ? Join(("policy", Name(r.Policy)), ("delay", r.Delay?.ToString()), ("throttle", r.Throttle is { } t ? $"{t.Burst.ToString(CultureInfo.InvariantCulture)} in {t.Interval}" : null)) : null),
        ("schedule", d => d.Schedule is { } s ? Join(("every", s.Every?.ToString()), ("cron", s.Cron?.Text)) : null),
        ("standardOutputPath", d => d.StandardOutputPath),
        ("standardErrorPath", d => d.StandardErrorPath),
        ("sockets", d => d.Sockets.Count == 0 ? null : string.Join("; ", d.Sockets.Select(s => Join(("name", s.Name), ("protocol", Name(s.Protocol)), ("address", s.Address), ("port", s.Port?.ToString(CultureInfo.InvariantCulture)), ("path", s.Path), ("accept", s.Accept ? "true" : null))))),
        ("activation", d => d.Activation is { } a ? Join(("name", a.Name)) : null),
        ("watch", d => d.Watch is { } w ? Join(("paths", List(w.Paths)), ("queueDirectories", List(w.QueueDirectories))) : null),
        ("dependencies", d => List(d.Dependencies)),
        ("resourceLimits", d => d.ResourceLimits is { } l ? Join(("openFiles", Number(l.OpenFiles)), ("processes", Number(l.Processes)), ("memory", Number(l.MemoryBytes)), ("cpuPercent", Number(l.CpuPercent)), ("nice", Number(l.Nice))) : null),
        ("sandbox", Sandbox),
        ("launchd", d => Raw(d.Launchd)),
        ("systemd", d => Raw(d.Systemd)),
        ("windows", d => Raw(d.Windows)),
        ("unmodelled", d => Raw(d.Unmodelled)),
    };

    /// <summary>Every difference between what is wanted and what is there, environment variables one by one.</summary>
    public static IReadOnlyList<PropertyChange> Compare(BackgroundJobDefinition desired, BackgroundJobDefinition actual)
    {
        var changes = Properties
            .Select(p => new PropertyChange(p.Name, p.Value(desired), p.Value(actual)))
            .Where(c => !string.Equals(c.Desired, c.Actual, StringComparison.Ordinal))
            .ToList();

        var names = desired.Environment.Keys.Concat(desired.SecretEnvironment).Union(actual.Environment.Keys.Concat(actual.SecretEnvironment));
        foreach (var name in names.Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal))
        {
            var wanted = Value(desired, name);
            var found = Value(actual, name);
            var secret = desired.SecretEnvironment.Contains(name);
            if (secret && actual.SecretEnvironment.Contains(name))
            {
                // A secret kept as the machine has it (no value wanted) is no change; a new value is, shown without either value.
                if (wanted is not null && !string.Equals(wanted, found, StringComparison.Ordinal))
                {
                    changes.Add(new PropertyChange("environment." + name, Mask + " (secret changed)", Mask));
                }
            }
            else if (!string.Equals(wanted, found, StringComparison.Ordinal) || secret != actual.SecretEnvironment.Contains(name))
            {
                changes.Add(new PropertyChange("environment." + name, Shown(desired, name, wanted), Shown(actual, name, found)));
            }
        }

        return changes;
    }

    /// <summary>The properties a new job sets, as changes from nothing.</summary>
    public static IReadOnlyList<PropertyChange> Describe(BackgroundJobDefinition desired) =>
        Compare(desired, new BackgroundJobDefinition(desired.Name, desired.Kind, desired.Scope) { User = desired.User })
            .Select(c => c with { Actual = null })
            .ToList();

    /// <summary>The secret values of definitions, to be masked wherever text about them is shown.</summary>
    public static IReadOnlyList<string> Secrets(params BackgroundJobDefinition?[] definitions) =>
        definitions.Where(d => d is not null)
            .SelectMany(d => d!.SecretEnvironment.Where(d.Environment.ContainsKey).Select(n => d.Environment[n]))
            .Where(v => v.Length > 0)
            .Distinct()
            .OrderByDescending(v => v.Length)
            .ToList();

    public static string Redact(string text, IReadOnlyList<string> secrets) =>
        secrets.Aggregate(text, (current, secret) => current.Replace(secret, Mask));

    private static string? Value(BackgroundJobDefinition d, string name) => d.Environment.TryGetValue(name, out var value) ? value : null;

    private static string? Shown(BackgroundJobDefinition d, string name, string? value) =>
        d.SecretEnvironment.Contains(name) ? Mask : value;

    private static string Name<T>(T value)
        where T : struct, Enum => EnumNames.YamlName(value.ToString());

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? List(IReadOnlyList<string> items) =>
        items.Count == 0 ? null : "[" + string.Join(", ", items.Select(ConfigurationWriter.Scalar)) + "]";

    /// <summary>A profile alone by its name; with capabilities, every setting.</summary>
    private static string? Sandbox(BackgroundJobDefinition d)
    {
        var profile = d.Sandbox is { } s && s != SandboxProfile.None ? Name(s) : null;
        if (d.Confinement is not { IsEmpty: false } c)
        {
            return profile;
        }

        return Join(("profile", profile), ("network", c.Network is { } n ? Name(n) : null), ("readOnly", c.ReadOnlyFileSystem ? "true" : null),
            ("writable", c.WritablePaths.Count > 0 ? List(c.WritablePaths) : null), ("hidden", c.HiddenPaths.Count > 0 ? List(c.HiddenPaths) : null),
            ("devices", c.NoDevices ? "none" : null), ("privileges", c.Privileges is { } p ? (p.Count == 0 ? "none" : List(p)) : null),
            ("user", c.DynamicUser ? "dynamic" : null));
    }

    private static string? Join(params (string Key, string? Value)[] parts)
    {
        var present = parts.Where(p => p.Value is not null).Select(p => $"{p.Key}: {p.Value}").ToList();
        return present.Count == 0 ? null : "{ " + string.Join(", ", present) + " }";
    }

    private static string? Raw(ValueMap<RawValue> map) => map.Count == 0 ? null : map.ToString();
}
