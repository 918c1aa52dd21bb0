namespace ServiceManagement.Configuration;

/// <summary>Finds what a user probably meant when a key or value is misspelt.</summary>
internal static class Suggestions
{
    public static string DidYouMean(string input, IEnumerable<string> candidates) =>
        Nearest(input, candidates) is { } nearest ? $" Did you mean '{nearest}'?" : string.Empty;

    public static string? Nearest(string input, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: string.Equals(c, input, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(c.ToLowerInvariant(), input.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        var threshold = Math.Max(2, input.Length / 3);
        return best.Candidate is not null && best.Distance <= threshold ? best.Candidate : null;
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 8 || a.Length > 256 || b.Length > 256)
        {
            return int.MaxValue;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
