using System.Collections;

namespace ServiceManagement.Model;

/// <summary>An immutable list compared by its items, so records that hold one keep value equality.</summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public static ValueList<T> Empty { get; } = new(Array.Empty<T>());

    private ValueList(T[] items) => _items = items;

    public static ValueList<T> From(IEnumerable<T> items)
    {
        var array = items?.ToArray() ?? throw new ArgumentNullException(nameof(items));
        return array.Length == 0 ? Empty : new ValueList<T>(array);
    }

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}

internal static class ValueList
{
    public static ValueList<T> Of<T>(params T[] items) => ValueList<T>.From(items);
}
