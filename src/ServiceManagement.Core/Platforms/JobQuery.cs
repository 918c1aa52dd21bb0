using ServiceManagement.Model;
using ServiceManagement.Text;

namespace ServiceManagement.Platforms;

/// <summary>Which jobs to list. Absent criteria match everything; name patterns take wildcards.</summary>
public sealed record JobQuery
{
    private readonly IReadOnlyList<string>? _names;
    private WildcardSet? _matcher;

    public IReadOnlyList<string>? Names
    {
        get => _names;
        init
        {
            _names = value;
            _matcher = null;
        }
    }

    /// <summary>The names as one matcher, built once however many jobs it is asked about.</summary>
    public WildcardSet NameMatcher => _matcher ??= new WildcardSet(_names);

    public JobKind? Kind { get; init; }

    public JobScope? Scope { get; init; }

    public string? User { get; init; }

    public bool ManagedOnly { get; init; }

    public static JobQuery All { get; } = new();

    public bool Matches(BackgroundJobDefinition definition) =>
        NameMatcher.IsMatch(definition.Name)
        && (Kind is null || definition.Kind == Kind)
        && (Scope is null || definition.Scope == Scope)
        && (User is null || string.Equals(definition.User, User, StringComparison.Ordinal))
        && (!ManagedOnly || definition.Managed);
}
