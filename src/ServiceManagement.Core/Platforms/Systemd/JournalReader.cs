using System.Globalization;
using System.Text;
using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// A unit's journal through <c>journalctl -o json</c>: a system unit by <c>-u</c>; a user's agent by the
/// fields its user manager stamps (<c>_SYSTEMD_USER_UNIT</c> or <c>USER_UNIT</c>, with that user's
/// <c>_UID</c>), which works for root and for the user alike.
/// </summary>
internal sealed class JournalReader
{
    /// <summary>Journal lines longer than this are cut: a log line is not a data channel.</summary>
    private const int MaxMessageLength = 64 * 1024;

    private readonly ICommandRunner _runner;

    public JournalReader(ICommandRunner runner) => _runner = runner;

    /// <summary>
    /// The command that reads the journal of <paramref name="unit"/>: a system unit, or with
    /// <paramref name="userUnit"/> an agent of user <paramref name="userId"/> (of any user when null).
    /// </summary>
    public static CommandLine Command(string unit, bool userUnit, int? userId, LogQuery query)
    {
        var arguments = new List<string> { "--output=json", "--no-pager", "--quiet" };
        if ((query ?? throw new ArgumentNullException(nameof(query))).Tail is { } tail)
        {
            arguments.Add("--lines=" + tail.ToString(CultureInfo.InvariantCulture));
        }

        if (query.Since is { } since)
        {
            arguments.Add("--since=@" + since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (userUnit)
        {
            var uid = userId is { } id ? new[] { "_UID=" + id.ToString(CultureInfo.InvariantCulture) } : Array.Empty<string>();
            arguments.AddRange(new[] { "_SYSTEMD_USER_UNIT=" + unit }.Concat(uid).Append("+").Append("USER_UNIT=" + unit).Concat(uid));
        }
        else
        {
            arguments.Add("--unit=" + unit);
        }

        return new CommandLine("journalctl", arguments);
    }

    /// <summary>The entries, oldest first; none, with the reason in <paramref name="problem"/>, when the journal cannot be read.</summary>
    public IReadOnlyList<JobLogEntry> Read(string unit, bool userUnit, int? userId, LogQuery query, out string? problem)
    {
        CommandResult result;
        try
        {
            result = _runner.Run(Command(unit, userUnit, userId, query));
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            problem = "journalctl could not be run: " + ex.Message;
            return Array.Empty<JobLogEntry>();
        }

        problem = result.Succeeded ? null : $"journalctl exited with {result.ExitCode}: {result.StandardError.Trim()}";
        return Parse(result.StandardOutput);
    }

    /// <summary>
    /// journalctl's JSON lines as entries. MESSAGE is text, or an array of bytes when it is not UTF-8;
    /// PRIORITY is syslog's (0–3 error, 4 warning, 5–6 info, 7 debug). A line that is not a JSON object is skipped.
    /// </summary>
    public static IReadOnlyList<JobLogEntry> Parse(string output)
    {
        var entries = new List<JobLogEntry>();
        foreach (var values in JsonLines.Objects(output, "journal"))
        {
            var message = values.TryGetValue("MESSAGE", out var node) ? Text(node) : string.Empty;
            var time = values.TryGetValue("__REALTIME_TIMESTAMP", out var stamp) && stamp is YamlScalar { Value: var micro } && long.TryParse(micro, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds(microseconds / 1000)
                : (DateTimeOffset?)null;
            var level = values.TryGetValue("PRIORITY", out var priority) && priority is YamlScalar { Value: var p } ? Level(p) : "info";
            entries.Add(new JobLogEntry(time, "journal", level, message.Length > MaxMessageLength ? message.Substring(0, MaxMessageLength) : message));
        }

        return entries;
    }

    private static string Text(YamlNode node) => node switch
    {
        YamlScalar scalar => scalar.Value,
        YamlSequence bytes => Encoding.UTF8.GetString(bytes.Items.OfType<YamlScalar>().Select(b => byte.TryParse(b.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : (byte)'?').ToArray()),
        _ => string.Empty,
    };

    private static string Level(string priority) => priority switch
    {
        "0" or "1" or "2" or "3" => "error",
        "4" => "warning",
        "7" => "debug",
        _ => "info",
    };
}
