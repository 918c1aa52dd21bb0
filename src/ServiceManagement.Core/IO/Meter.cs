namespace ServiceManagement.IO;

/// <summary>
/// Counts of the engine's costly steps within one flow of work — a definition validated for a platform, a
/// definition translated into native files, the installed jobs read — so that tests and benchmarks can hold
/// "stage once" to its word. The counts follow the async flow that opened them (parallel tests do not mix);
/// with none open, a step costs one null check.
/// </summary>
internal static class Meter
{
    private static readonly AsyncLocal<Counts?> Open = new();

    /// <summary>Counts the steps of this flow until disposed.</summary>
    public static Counts Start() => Open.Value = new Counts(Open.Value);

    /// <summary>Counts <paramref name="step"/>, of <paramref name="subject"/> when given ("validate NAME"); the name is joined only while counting.</summary>
    public static void Tick(string step, string? subject = null)
    {
        if (Open.Value is { } counts)
        {
            counts.Add(subject is null ? step : step + " " + subject);
        }
    }

    public sealed class Counts : IDisposable
    {
        private readonly Counts? _outer;
        private readonly Dictionary<string, int> _byStep = new(StringComparer.Ordinal);

        internal Counts(Counts? outer) => _outer = outer;

        /// <summary>How often <paramref name="step"/> happened; 0 when never.</summary>
        public int this[string step]
        {
            get
            {
                lock (_byStep)
                {
                    return _byStep.TryGetValue(step, out var count) ? count : 0;
                }
            }
        }

        internal void Add(string step)
        {
            lock (_byStep)
            {
                _byStep[step] = this[step] + 1;
            }
        }

        public void Dispose() => Open.Value = _outer;
    }
}
