using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceManagement.Validation;

namespace ServiceManagement.Cli;

/// <summary>Printing shared by every command: JSON with the configuration file's field names, and findings.</summary>
internal static class Output
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void WriteJson<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void WriteFindings(TextWriter writer, IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            writer.WriteLine($"{finding} [{finding.Code}]");
        }
    }

    public static object ToJson(Finding finding) => new
    {
        severity = finding.Severity,
        code = finding.Code,
        path = finding.Path,
        message = finding.Message,
        file = finding.Location?.File,
        line = finding.Location?.Line,
        column = finding.Location?.Column,
    };

    /// <summary>Lays rows out in columns padded to their widest cell; the last column is not padded.</summary>
    public static void WriteTable(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new[] { headers }.Concat(rows).ToList();
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var (row, index) in all.Select((r, i) => (r, i)))
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
            if (index == 0)
            {
                writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
    }
}
