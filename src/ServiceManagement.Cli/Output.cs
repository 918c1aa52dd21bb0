using ServiceManagement.Validation;
using ServiceManagement.Platforms;

namespace ServiceManagement.Cli;

/// <summary>Printing shared by every command: findings and tables (JSON is <see cref="CliJson"/>).</summary>
internal static class Output
{
    /// <summary>An enum value as configuration files and JSON spell it (camelCase): <c>loginItem</c>, <c>running</c>.</summary>
    public static string Word<T>(T value)
        where T : struct, Enum => Model.EnumNames.YamlName(value.ToString());

    public static void WriteFindings(TextWriter writer, IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            writer.WriteLine($"{finding} [{finding.Code}]");
        }
    }

    /// <summary>What reading the jobs could not learn (<see cref="IPlatform.Notices"/>), once each, after the output.</summary>
    public static void WriteNotices(TextWriter error, IPlatform platform)
    {
        foreach (var notice in platform.Notices)
        {
            error.WriteLine("warning: " + notice);
        }
    }

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
