namespace ServiceManagement.Platforms;

/// <summary>Which log entries to read: the last <see cref="Tail"/> of each source, none older than <see cref="Since"/>.</summary>
public sealed record LogQuery
{
    public int? Tail { get; init; }

    public DateTimeOffset? Since { get; init; }
}
