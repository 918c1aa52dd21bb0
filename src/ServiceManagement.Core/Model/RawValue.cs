namespace ServiceManagement.Model;

/// <summary>
/// A native value carried untouched: per-platform extras and the native keys the portable model does
/// not understand. Scalars remember what type they were written as so that renderers can emit a plist
/// boolean or integer rather than a string.
/// </summary>
public abstract record RawValue
{
    private protected RawValue()
    {
    }
}

public enum RawScalarType
{
    String,
    Boolean,
    Integer,
    Real,

    /// <summary>A property-list date, as ISO 8601 UTC text (2026-01-31T12:00:00Z).</summary>
    Date,

    /// <summary>Property-list data, as base64 text.</summary>
    Data,
}

public sealed record RawScalar(string Text, RawScalarType Type = RawScalarType.String) : RawValue
{
    public override string ToString() => Text;
}

public sealed record RawList(ValueList<RawValue> Items) : RawValue
{
    public override string ToString() => Items.ToString();
}

public sealed record RawMap(ValueMap<RawValue> Entries) : RawValue
{
    public override string ToString() => Entries.ToString();
}
