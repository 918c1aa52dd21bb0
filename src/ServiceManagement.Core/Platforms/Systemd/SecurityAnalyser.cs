using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Processes;
using ServiceManagement.Text;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// <c>systemd-analyze security</c> of one unit: online from the system manager (drop-ins included), or offline
/// from the unit file where that manager is not asked (a user's agent, a machine systemd does not run). Its table
/// marks each setting ✓ or ✗ with the exposure it adds, and ends with
/// <c>→ Overall exposure level for NAME.service: 9.6 UNSAFE</c>.
/// </summary>
internal static class SecurityAnalyser
{
    private static readonly Pattern Overall = new(@"Overall exposure level for \S+: ([0-9]+(?:\.[0-9]+)?) (\w+)");
    private static readonly Pattern Exposing = new(@"^✗\s+(\S+)\s+(.*?)\s+([0-9]+(?:\.[0-9]+)?)\s*$");

    public static CommandLine Command(string unit, string? unitFile) => unitFile is null
        ? new CommandLine("systemd-analyze", new[] { "security", "--no-pager", unit })
        : new CommandLine("systemd-analyze", new[] { "security", "--no-pager", "--offline=yes", unitFile });

    public static JobSecurity Parse(string name, string output, string source)
    {
        var overall = Overall.Match(output ?? throw new ArgumentNullException(nameof(output)));
        var findings = output.Split('\n')
            .Select(line => Exposing.Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new SecurityFinding(m.Groups[1].Value, m.Groups[2].Value, double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .OrderByDescending(f => f.Exposure)
            .ToList();
        return new JobSecurity(name, overall.Success ? double.Parse(overall.Groups[1].Value, CultureInfo.InvariantCulture) : null, overall.Success ? overall.Groups[2].Value : null, findings, source);
    }
}
