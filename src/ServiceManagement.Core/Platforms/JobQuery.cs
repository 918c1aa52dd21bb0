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

    /// <summary>
    /// Only what names each job and its files: a backend that can tell a job's kind, scope, user, files and
    /// triggers without reading them (systemd's directories do) leaves the definition at that
    /// (<see cref="InstalledJob.Outline"/>); others read it whole. What status needs, at a fraction of the cost.
    /// A query for managed jobs reads them whole: the mark is inside the files.
    /// </summary>
    public bool Outline { get; init; }

    /// <summary>Whether a backend that can may answer with outlines.</summary>
    public bool ReadsOutline => Outline && !ManagedOnly;

    /// <summary>This query as status asks it: every job's outline, since status needs nothing more.</summary>
    public JobQuery ForStatus() => this with { Outline = true };

    public static JobQuery All { get; } = new();

    /// <summary>
    /// The installed jobs <paramref name="definitions"/> may be: their names, and their kind and scope when
    /// they share them, so that a backend reads only the managers such jobs live in (one daemon's drift test
    /// reads the system manager's units only). Users are left to <see cref="Platforms.IPlatform.IsSameJob"/>:
    /// a definition may leave its user to mean the current one.
    /// </summary>
    public static JobQuery Naming(IEnumerable<BackgroundJobDefinition> definitions)
    {
        var all = definitions.ToList();
        JobKind? kind = all.Select(d => d.Kind).Distinct().Count() == 1 ? all[0].Kind : null;
        JobScope? scope = all.Select(d => d.Scope).Distinct().Count() == 1 ? all[0].Scope : null;
        return new JobQuery { Names = all.Select(d => Wildcard.Escape(d.Name)).Distinct().ToList(), Kind = kind, Scope = scope };
    }

    /// <summary>Whether jobs of this kind and scope can be among the answers.</summary>
    public bool Admits(JobKind kind, JobScope scope) => (Kind is null || Kind == kind) && (Scope is null || Scope == scope);

    public bool Matches(BackgroundJobDefinition definition) =>
        NameMatcher.IsMatch(definition.Name)
        && (Kind is null || definition.Kind == Kind)
        && (Scope is null || definition.Scope == Scope)
        && (User is null || string.Equals(definition.User, User, StringComparison.Ordinal))
        && (!ManagedOnly || definition.Managed);
}
