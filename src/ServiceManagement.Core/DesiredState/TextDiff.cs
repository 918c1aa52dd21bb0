using System.Text;

namespace ServiceManagement.DesiredState;

/// <summary>Unified diffs of small text files (unit files, plists, task XML), from a longest-common-subsequence of lines.</summary>
internal static class TextDiff
{
    private const int Context = 3;

    /// <summary>
    /// A unified diff from <paramref name="before"/> to <paramref name="after"/> (null meaning no file),
    /// with three lines of context; empty when they are equal.
    /// </summary>
    public static string Unified(string path, string? before, string? after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        var output = new StringBuilder();
        output.Append("--- ").Append(before is null ? "/dev/null" : path).Append('\n');
        output.Append("+++ ").Append(after is null ? "/dev/null" : path).Append('\n');
        var index = 0;
        while (index < edits.Count)
        {
            var firstChange = edits.FindIndex(index, e => e.Kind != ' ');
            if (firstChange < 0)
            {
                break;
            }

            var start = Math.Max(index, firstChange - Context);
            var end = firstChange;
            var lastChange = firstChange;
            while (end < edits.Count && end - lastChange <= 2 * Context)
            {
                if (edits[end].Kind != ' ')
                {
                    lastChange = end;
                }

                end++;
            }

            end = Math.Min(edits.Count, lastChange + Context + 1);
            var hunk = edits.GetRange(start, end - start);
            var oldStart = edits.Take(start).Count(e => e.Kind != '+') + 1;
            var newStart = edits.Take(start).Count(e => e.Kind != '-') + 1;
            output.Append("@@ -").Append(oldStart).Append(',').Append(hunk.Count(e => e.Kind != '+'))
                .Append(" +").Append(newStart).Append(',').Append(hunk.Count(e => e.Kind != '-')).Append(" @@\n");
            foreach (var edit in hunk)
            {
                output.Append(edit.Kind).Append(edit.Line).Append('\n');
            }

            index = end;
        }

        return output.ToString();
    }

    private static string[] Lines(string? text) =>
        text is null || text.Length == 0 ? Array.Empty<string>() : text.TrimEnd('\n').Split('\n');

    private readonly record struct Edit(char Kind, string Line);

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add(new Edit(' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lengths[x, y + 1] > lengths[x + 1, y]))
            {
                edits.Add(new Edit('+', b[y++]));
            }
            else
            {
                edits.Add(new Edit('-', a[x++]));
            }
        }

        return edits;
    }
}
