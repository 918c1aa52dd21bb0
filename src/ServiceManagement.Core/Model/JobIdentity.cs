namespace ServiceManagement.Model;

/// <summary>
/// What makes a job one job: its kind, scope, user (for user scope; absent means whoever runs
/// ServiceManagement) and name. The system daemon <c>dbus</c> and a user's agent <c>dbus</c> are two jobs.
/// </summary>
internal sealed record JobIdentity(string Name, JobKind Kind, JobScope Scope, string? User)
{
    public static JobIdentity Of(BackgroundJobDefinition definition) =>
        new((definition ?? throw new ArgumentNullException(nameof(definition))).Name, definition.Kind, definition.Scope, definition.Scope == JobScope.User ? definition.User : null);

    /// <summary>
    /// True when <paramref name="installed"/> is the job <paramref name="declared"/> names: the same kind and scope,
    /// the same name and, for a user job, the same user (absent meaning <paramref name="currentUser"/>), names and
    /// users compared as the platform compares them (Windows ignores case).
    /// </summary>
    public static bool Same(BackgroundJobDefinition installed, BackgroundJobDefinition declared, string currentUser, StringComparison comparison) =>
        string.Equals((installed ?? throw new ArgumentNullException(nameof(installed))).Name, (declared ?? throw new ArgumentNullException(nameof(declared))).Name, comparison)
        && installed.Kind == declared.Kind && installed.Scope == declared.Scope
        && (declared.Scope == JobScope.System || string.Equals(installed.User ?? currentUser, declared.User ?? currentUser, comparison));

    /// <summary>The identity as one string, for dictionaries that compare names ignoring case.</summary>
    public string Key => $"{Kind}\u0000{Scope}\u0000{User}\u0000{Name}";

    /// <summary>How a person names the job: "daemon 'dbus'", "agent 'dbus' of user alice".</summary>
    public override string ToString() =>
        $"{EnumNames.YamlName(Kind.ToString())} '{Name}'"
        + (Scope == JobScope.User ? User is null ? " of the current user" : $" of user {User}" : Kind == JobKind.Daemon ? string.Empty : " for all users");
}
