namespace ServiceManagement.Model;

/// <summary>
/// How exposed a job is, by its job manager's own analyser (<c>systemd-analyze security</c>): the overall
/// exposure from 0 (best) to 10 (worst) with the analyser's rating (OK, MEDIUM, EXPOSED, UNSAFE), and each
/// setting that adds to it, most exposing first. Where the OS has no analyser, no figure, and <see cref="Source"/> says so.
/// </summary>
public sealed record JobSecurity(string Name, double? Exposure, string? Rating, IReadOnlyList<SecurityFinding> Findings, string Source);
