namespace ServiceManagement.Platforms;

/// <summary>A user account: name, ids and home directory.</summary>
internal sealed record PosixUser(string Name, int Id, int GroupId, string Home);
