using System.Text;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Freedesktop;

/// <summary>One <c>Key=Value</c> line of a unit file, as systemd reads it (whitespace around both trimmed).</summary>
internal sealed record UnitEntry(string Key, string Value);

/// <summary>A <c>[Section]</c> of a unit file with its entries in file order; keys may repeat.</summary>
internal sealed record UnitSection(string Name, IReadOnlyList<UnitEntry> Entries);

/// <summary>
/// The syntax of systemd unit files (systemd.syntax(7)): sections, <c>#</c> and <c>;</c> comments,
/// backslash line continuations (comment lines inside one are skipped), repeated keys, and empty
/// assignments that reset a list. Comments are not kept. Lines systemd would ignore with a warning
/// become findings; parsing goes on.
/// </summary>
internal sealed class UnitFile
{
    public UnitFile(IReadOnlyList<UnitSection> sections) => Sections = sections;

    public IReadOnlyList<UnitSection> Sections { get; }

    public static UnitFile Parse(string text, string source, ICollection<Finding>? findings = null)
    {
        var sections = new List<(string Name, List<UnitEntry> Entries)>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            // A trailing backslash joins the next line, the backslash becoming a space.
            while (line.EndsWith("\\", StringComparison.Ordinal) && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                if (next.Length > 0 && next[0] is '#' or ';')
                {
                    line = line.Substring(0, line.Length - 1) + "\\";
                    continue;
                }

                line = line.Substring(0, line.Length - 1) + " " + next;
            }

            if (line.EndsWith("\\", StringComparison.Ordinal))
            {
                line = line.Substring(0, line.Length - 1).TrimEnd();
            }

            if (line[0] == '[')
            {
                if (line[line.Length - 1] != ']' || line.Length < 3)
                {
                    findings?.Add(Malformed(source, number, $"'{line}' is not a section header."));
                    continue;
                }

                sections.Add((line.Substring(1, line.Length - 2), new List<UnitEntry>()));
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                findings?.Add(Malformed(source, number, $"'{Clip(line)}' has no '='; systemd ignores it."));
                continue;
            }

            if (sections.Count == 0)
            {
                findings?.Add(Malformed(source, number, "An assignment comes before any [Section]; systemd ignores it."));
                continue;
            }

            var key = line.Substring(0, equals).TrimEnd();
            if (key.Any(char.IsWhiteSpace))
            {
                findings?.Add(Malformed(source, number, $"The key '{Clip(key)}' contains whitespace; systemd ignores it."));
                continue;
            }

            sections[sections.Count - 1].Entries.Add(new UnitEntry(key, line.Substring(equals + 1).Trim()));
        }

        return new UnitFile(sections.Select(s => new UnitSection(s.Name, s.Entries)).ToList());
    }

    /// <summary>Applies a drop-in: its entries come after this file's, section by section.</summary>
    public UnitFile Merge(UnitFile dropIn)
    {
        var merged = Sections.Select(s => (s.Name, Entries: s.Entries.ToList())).ToList();
        foreach (var section in dropIn.Sections)
        {
            var index = merged.FindIndex(s => s.Name == section.Name);
            if (index < 0)
            {
                merged.Add((section.Name, section.Entries.ToList()));
            }
            else
            {
                merged[index].Entries.AddRange(section.Entries);
            }
        }

        return new UnitFile(merged.Select(s => new UnitSection(s.Name, s.Entries)).ToList());
    }

    /// <summary>Every value assigned to a key, in order, empty assignments included.</summary>
    /// <remarks>A loop: translation asks this of every key it knows, so it is the readers' innermost step.</remarks>
    public IReadOnlyList<string> All(string section, string key)
    {
        var values = new List<string>();
        foreach (var candidate in Sections)
        {
            if (candidate.Name == section)
            {
                foreach (var entry in candidate.Entries)
                {
                    if (entry.Key == key)
                    {
                        values.Add(entry.Value);
                    }
                }
            }
        }

        return values;
    }

    /// <summary>The values in effect: those after the last empty assignment.</summary>
    public IReadOnlyList<string> Effective(string section, string key) => Effective(All(section, key));

    /// <summary>The value in effect for a single-valued key: the last one assigned, unless it was reset.</summary>
    public string? Last(string section, string key)
    {
        var effective = Effective(section, key);
        return effective.Count == 0 ? null : effective[effective.Count - 1];
    }

    public static IReadOnlyList<string> Effective(IReadOnlyList<string> values)
    {
        var reset = -1;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Length == 0)
            {
                reset = i;
            }
        }

        return values.Skip(reset + 1).ToList();
    }

    public string Render()
    {
        var builder = new StringBuilder();
        foreach (var section in Sections)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append('[').Append(section.Name).Append("]\n");
            foreach (var entry in section.Entries)
            {
                builder.Append(entry.Key).Append('=').Append(entry.Value).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static Finding Malformed(string source, int line, string message) =>
        new(FindingSeverity.Warning, "UnitFileMalformed", string.Empty, message) { Location = new SourceLocation(source, line, 1) };

    private static string Clip(string text) => text.Length > 60 ? text.Substring(0, 60) + "…" : text;
}
