namespace ServiceManagement.Model;

/// <summary>
/// What makes a job one job: its kind, scope, user (for user scope; absent means whoever runs
/// ServiceManagement) and name. The system daemon <c>dbus</c> and a user's agent <c>dbus</c> are two jobs.
/// </summary>
public sealed record JobIdentity(string Name, JobKind Kind, JobScope Scope, string? User)
{
    public static JobIdentity Of(BackgroundJobDefinition definition) =>
        new((definition ?? throw new ArgumentNullException(nameof(definition))).Name, definition.Kind, definition.Scope, definition.Scope == JobScope.User ? definition.User : null);

    /// <summary>The identity as one string, for dictionaries that compare names ignoring case.</summary>
    public string Key => $"{Kind}\u0000{Scope}\u0000{User}\u0000{Name}";

    /// <summary>How a person names the job: "daemon 'dbus'", "agent 'dbus' of user alice".</summary>
    public override string ToString() =>
        $"{Configuration.ConfigurationLoader.YamlName(Kind.ToString())} '{Name}'"
        + (Scope == JobScope.User ? User is null ? " of the current user" : $" of user {User}" : Kind == JobKind.Daemon ? string.Empty : " for all users");
}
