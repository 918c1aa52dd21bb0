using System.Globalization;
using System.Text;
using ServiceManagement.Model;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Scheduled tasks' state, last run and result, and next run, from one <c>schtasks /query /fo csv /v</c> for all
/// of them. Its CSV repeats the header before each folder's tasks and a task's row once per trigger; the columns
/// used are TaskName, Status, Last Run Time, Last Result and Next Run Time (English column names; dates in the
/// system's format). Last Result 267011 (SCHED_S_TASK_HAS_NOT_RUN) means it never ran; "N/A" and 1999's
/// 11/30/1999 mean no time.
/// </summary>
internal static class ScheduledTaskStatus
{
    public const int HasNotRun = 0x41303;
    public const int StillRunning = 0x41301;

    public static CommandLine Command { get; } = CommandLine.Of("schtasks", "/query", "/fo", "csv", "/v");

    /// <summary>Each task's status by its path (<c>\ServiceManagement\com.example.job</c>).</summary>
    public static IReadOnlyDictionary<string, BackgroundJobStatus> Parse(string output)
    {
        var statuses = new Dictionary<string, BackgroundJobStatus>(StringComparer.OrdinalIgnoreCase);
        string[]? header = null;
        foreach (var line in (output ?? throw new ArgumentNullException(nameof(output))).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
        {
            var fields = Fields(line);
            if (fields.Contains("TaskName"))
            {
                header = fields;
                continue;
            }

            if (header is null || fields.Length != header.Length)
            {
                continue;
            }

            string? Get(string column) => Array.IndexOf(header, column) is var i and >= 0 ? fields[i] : null;
            if (Get("TaskName") is not { Length: > 0 } name || statuses.ContainsKey(name))
            {
                continue;
            }

            int? result = int.TryParse(Get("Last Result"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;
            var status = Get("Status");
            var state = status switch
            {
                "Running" => JobState.Running,
                "Disabled" => JobState.Disabled,
                "Queued" => JobState.Starting,
                _ when result is not (null or 0 or HasNotRun or StillRunning) => JobState.Failed,
                "Ready" => JobState.Stopped,
                _ => JobState.Unknown,
            };
            statuses[name] = new BackgroundJobStatus(name.Substring(name.LastIndexOf('\\') + 1), state)
            {
                LastExitCode = result is HasNotRun or StillRunning ? null : result,
                ExitReason = result switch { null => null, HasNotRun => "has not run yet", StillRunning => null, 0 => "exited with 0 (success)", { } other => $"exited with {other} (0x{other:X})" },
                LastRunAt = Time(Get("Last Run Time")),
                NextRunAt = Time(Get("Next Run Time")),
                NativeState = status,
            };
        }

        return statuses;
    }

    private static DateTimeOffset? Time(string? text) =>
        text is null || text == "N/A" || !(DateTime.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.AssumeLocal, out var time) || DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out time)) || time.Year < 2000
            ? null
            : new DateTimeOffset(time);

    /// <summary>One CSV line's fields: quoted, with a doubled quote for a quote.</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
