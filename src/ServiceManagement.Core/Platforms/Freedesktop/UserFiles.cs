using ServiceManagement.IO;

namespace ServiceManagement.Platforms.Freedesktop;

/// <summary>The files a job keeps in the system's directories or in one user's: who owns them, and their text now.</summary>
internal static class UserFiles
{
    /// <summary>Root's for the system's files, the user's for theirs; readable by all unless <paramref name="secret"/>.</summary>
    public static FileOwnership Ownership(PosixUser? user, bool secret = false)
    {
        var mode = secret ? 0b110_000_000 : 0b110_100_100;
        return user is not null ? new FileOwnership(user.Id, user.GroupId, mode) : new FileOwnership(0, 0, mode);
    }

    /// <summary>The file's text, or null when there is no such file (what a change's "before" holds).</summary>
    public static string? TextOf(string path) => File.Exists(path) ? TextFile.Read(path) : null;
}
