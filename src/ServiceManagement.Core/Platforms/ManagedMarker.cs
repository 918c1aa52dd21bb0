using ServiceManagement.Model;

namespace ServiceManagement.Platforms;

/// <summary>One field of a <see cref="ManagedMarker"/>: its name and values, and whether it is a list (written as one even with one value).</summary>
internal sealed record MarkerField(string Name, IReadOnlyList<string> Values, bool IsList);

/// <summary>
/// What a job ServiceManagement wrote carries beside its native settings, so that it reads back as declared:
/// that it is ours, its kind, scope and user, the startup type asked for, the cron text a schedule was written
/// from, the names of its secret variables and its sockets' order. Every format keeps the same fields under
/// the same names, each in its own syntax: unit files and desktop entries as <c>X-ServiceManagement-NAME</c>
/// keys, a plist as its <c>ServiceManagement</c> dictionary.
/// </summary>
internal sealed record ManagedMarker
{
    /// <summary>How the key-value formats (unit files, desktop entries) prefix each field's name.</summary>
    public const string KeyPrefix = "X-ServiceManagement-";

    /// <summary>The ownership flag's value.</summary>
    public const string Flag = "true";

    public bool Managed { get; init; }

    public JobKind? Kind { get; init; }

    public JobScope? Scope { get; init; }

    public string? User { get; init; }

    public StartupType? StartupType { get; init; }

    public string? Cron { get; init; }

    public ValueList<string> Secrets { get; init; } = ValueList<string>.Empty;

    /// <summary>The sockets' names in the order the definition gave them, for formats that keep sockets unordered.</summary>
    public ValueList<string> SocketOrder { get; init; } = ValueList<string>.Empty;

    /// <summary>The marker the native files of <paramref name="definition"/> carry.</summary>
    public static ManagedMarker Of(BackgroundJobDefinition definition) => new()
    {
        Managed = true,
        Kind = definition.Kind,
        Scope = definition.Scope,
        User = definition.User,
        StartupType = definition.StartupType,
        Cron = definition.Schedule?.Cron?.Text,
        Secrets = definition.SecretEnvironment,
        SocketOrder = definition.Sockets.Count > 1 ? ValueList<string>.From(definition.Sockets.Select(s => s.Name)) : ValueList<string>.Empty,
    };

    /// <summary>
    /// Whether a flag's text says "ours": <see cref="Flag"/>, or <c>yes</c>, which units written before the
    /// marker was one for every format carry — they stay ours, so that prune and drift still see them.
    /// </summary>
    public static bool IsFlag(string? text) => text is Flag or "yes";

    /// <summary>The fields present, in a fixed order, their values spelt as in configuration files.</summary>
    public IEnumerable<MarkerField> Fields()
    {
        MarkerField One(string name, string value) => new(name, new[] { value }, IsList: false);
        if (Managed)
        {
            yield return One("Managed", Flag);
        }

        foreach (var (name, value) in new[] { ("Kind", Spelt(Kind)), ("Scope", Spelt(Scope)), ("User", User), ("StartupType", Spelt(StartupType)), ("Cron", Cron) })
        {
            if (value is not null)
            {
                yield return One(name, value);
            }
        }

        foreach (var (name, values) in new[] { ("Secret", Secrets), ("SocketOrder", SocketOrder) })
        {
            if (values.Count > 0)
            {
                yield return new MarkerField(name, values, IsList: true);
            }
        }
    }

    /// <summary>
    /// A marker from a file's fields: <paramref name="values"/> gives a field's values by its name and whether it is
    /// a list (for formats that write a list in one value), none when it is absent.
    /// </summary>
    public static ManagedMarker Read(Func<string, bool, IReadOnlyList<string>> values)
    {
        string? Last(string name) => values(name, false) is { Count: > 0 } found ? found[found.Count - 1] : null;
        return new ManagedMarker
        {
            Managed = IsFlag(Last("Managed")),
            Kind = Parsed<JobKind>(Last("Kind")),
            Scope = Parsed<JobScope>(Last("Scope")),
            User = Last("User"),
            StartupType = Parsed<StartupType>(Last("StartupType")),
            Cron = Last("Cron"),
            Secrets = ValueList<string>.From(values("Secret", true)),
            SocketOrder = ValueList<string>.From(values("SocketOrder", true)),
        };
    }

    private static string? Spelt<T>(T? value)
        where T : struct => value is { } known ? EnumNames.YamlName(known.ToString()!) : null;

    private static T? Parsed<T>(string? text)
        where T : struct => text is not null && EnumNames.Of<T>().TryGetValue(text, out var value) ? value : null;
}
