namespace ServiceManagement.Model;

/// <summary>One setting that exposes a job: the directive, what it leaves open, and how much it adds.</summary>
public sealed record SecurityFinding(string Setting, string Description, double Exposure);
