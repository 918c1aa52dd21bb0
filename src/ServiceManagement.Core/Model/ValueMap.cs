using System.Collections;

namespace ServiceManagement.Model;

/// <summary>
/// An immutable string-keyed map compared by its entries. Keys are kept in ordinal order so that
/// everything rendered from a map is deterministic.
/// </summary>
public sealed class ValueMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ValueMap<TValue>>
{
    private readonly KeyValuePair<string, TValue>[] _entries;
    private readonly Dictionary<string, TValue> _lookup;

    public static ValueMap<TValue> Empty { get; } = new(Array.Empty<KeyValuePair<string, TValue>>());

    private ValueMap(KeyValuePair<string, TValue>[] entries)
    {
        _entries = entries;
        _lookup = entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    /// <summary>Builds a map; a key given twice is an error rather than a silent overwrite.</summary>
    public static ValueMap<TValue> From(IEnumerable<KeyValuePair<string, TValue>> entries)
    {
        if (entries is null)
        {
            throw new ArgumentNullException(nameof(entries));
        }

        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (string.Equals(sorted[i - 1].Key, sorted[i].Key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The key '{sorted[i].Key}' is given twice.", nameof(entries));
            }
        }

        return sorted.Length == 0 ? Empty : new ValueMap<TValue>(sorted);
    }

    public static ValueMap<TValue> From(IEnumerable<(string Key, TValue Value)> entries) =>
        From(entries.Select(e => new KeyValuePair<string, TValue>(e.Key, e.Value)));

    public TValue this[string key] => _lookup[key];

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public IEnumerable<TValue> Values => _entries.Select(e => e.Value);

    public int Count => _entries.Length;

    public bool ContainsKey(string key) => _lookup.ContainsKey(key);

#pragma warning disable CS8767 // The BCL interface lacks the MaybeNullWhen annotation on netstandard2.0.
    public bool TryGetValue(string key, out TValue value) => _lookup.TryGetValue(key, out value!);
#pragma warning restore CS8767

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, TValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap<TValue>? other)
    {
        if (other is null || other._entries.Length != _entries.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<TValue>.Default;
        for (var i = 0; i < _entries.Length; i++)
        {
            if (!string.Equals(_entries[i].Key, other._entries[i].Key, StringComparison.Ordinal)
                || !comparer.Equals(_entries[i].Value, other._entries[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ValueMap<TValue>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in _entries)
        {
            hash.Add(entry.Key, StringComparer.Ordinal);
            hash.Add(entry.Value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";
}
