using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceManagement.Model;

namespace ServiceManagement.Cli;

/// <summary>
/// svcmgmt status --json, written member by member: exactly what <see cref="CliJson"/> prints for the same
/// statuses (a test holds the two together, every property set), without the serializer's first-use cost.
/// Readying the generated metadata — the options, each property's converter, the attributes it looks for —
/// was a tenth of the command's CPU samples for 119 jobs (perf), and writing a sixth of that tenth.
/// </summary>
internal static class StatusJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.Default };

    public static string Write(IReadOnlyList<BackgroundJobStatus> statuses)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartArray();
            foreach (var status in statuses)
            {
                Write(writer, status);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter writer, BackgroundJobStatus status)
    {
        writer.WriteStartObject();
        writer.WriteString("name", status.Name);
        writer.WriteString("state", Output.Word(status.State));
        Enum(writer, "kind", status.Kind);
        Enum(writer, "scope", status.Scope);
        Text(writer, "user", status.User);
        Number(writer, "processId", status.ProcessId);
        Number(writer, "lastExitCode", status.LastExitCode);
        Text(writer, "exitReason", status.ExitReason);
        Time(writer, "startedAt", status.StartedAt);
        Time(writer, "lastRunAt", status.LastRunAt);
        Time(writer, "nextRunAt", status.NextRunAt);
        Enum(writer, "runState", status.RunState);
        Flag(writer, "definitionChanged", status.DefinitionChanged);
        writer.WriteBoolean("managerDown", status.ManagerDown);
        Flag(writer, "triggerActive", status.TriggerActive);
        if (status.MemoryBytes is { } memory)
        {
            writer.WriteNumber("memoryBytes", memory);
        }

        Text(writer, "cpuTime", status.CpuTime?.ToString("c", CultureInfo.InvariantCulture));
        Number(writer, "taskCount", status.TaskCount);
        Flag(writer, "sharedProcess", status.SharedProcess);
        Number(writer, "restartCount", status.RestartCount);
        Text(writer, "reason", status.Reason);
        Text(writer, "nativeState", status.NativeState);
        writer.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Flag(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }

    private static void Time(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
    }

    private static void Enum<T>(Utf8JsonWriter writer, string name, T? value)
        where T : struct, System.Enum
    {
        if (value is { } member)
        {
            writer.WriteString(name, Output.Word(member));
        }
    }
}
