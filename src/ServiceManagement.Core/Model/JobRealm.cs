namespace ServiceManagement.Model;

/// <summary>
/// Whose job it is, which decides where it is written and which manager runs it: the machine's (a daemon,
/// whatever its scope says), every user's (an agent or login item of scope system), or one user's.
/// </summary>
internal enum JobRealm
{
    Machine,
    EveryUser,
    OneUser,
}

internal static class JobRealms
{
    public static JobRealm Realm(this BackgroundJobDefinition definition) =>
        (definition ?? throw new ArgumentNullException(nameof(definition))).Kind == JobKind.Daemon ? JobRealm.Machine
        : definition.Scope == JobScope.System ? JobRealm.EveryUser
        : JobRealm.OneUser;
}
