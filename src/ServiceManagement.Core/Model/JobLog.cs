namespace ServiceManagement.Model;

/// <summary>
/// What a job logged, and every place looked at (<see cref="Sources"/>), so that a job with no entries still
/// says where it would have them.
/// </summary>
public sealed record JobLog(string Name, IReadOnlyList<JobLogEntry> Entries, IReadOnlyList<string> Sources);
