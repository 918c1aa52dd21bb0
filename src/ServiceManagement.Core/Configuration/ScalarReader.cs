using System.Globalization;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Configuration;

/// <summary>
/// Reads YAML nodes into values — strings, enums, booleans, whole numbers, durations, lists, raw native
/// settings — recording a located finding for each problem and where each property was written, so that
/// reading goes on past errors and validation can point into the file.
/// </summary>
internal abstract class ScalarReader
{
    protected readonly string _file;
    protected Dictionary<string, SourceLocation> _locations = new();
    protected string _entryPath = string.Empty;

    protected ScalarReader(string file) => _file = file;

    public List<Finding> Findings { get; } = new();

    public HashSet<string> Covered { get; } = new(StringComparer.Ordinal);

    public void UnknownKeys(YamlMapping mapping, string path, IReadOnlyCollection<string> known)
    {
        foreach (var entry in mapping.Entries)
        {
            if (!known.Contains(entry.Key.Value))
            {
                var meant = Suggestions.Nearest(entry.Key.Value, known);
                if (meant is not null)
                {
                    Covered.Add(Join(path, meant));
                }

                var help = meant is null ? $"Allowed here: {string.Join(", ", known)}." : $"Did you mean '{meant}'?";
                Error("UnknownKey", Join(path, entry.Key.Value), $"Unknown key '{Clip(entry.Key.Value)}'. {help}", entry.Key.Location, absolute: true);
            }
        }
    }

    public T? Expect<T>(YamlNode node, string path, string what)
        where T : YamlNode
    {
        if (node is T typed)
        {
            return typed;
        }

        Error("WrongType", path, $"Expected {what}, found {node.Describe()}.", node.Location, absolute: true);
        return null;
    }

    /// <summary>Reads a string in a document-level position (outside any job).</summary>
    public string? String(YamlNode? node, string path, bool required) =>
        ReadString(node, path, required, lenient: false, absolute: true);

    public void Error(string code, string path, string message, SourceLocation location, bool absolute = false) =>
        Add(FindingSeverity.Error, code, absolute ? path : Join(_entryPath, path), message, location);

    public void Add(FindingSeverity severity, string code, string path, string message, SourceLocation location) =>
        Findings.Add(new Finding(severity, code, path, message) { Location = location });

    protected string? Text(YamlNode? node, string path, bool required = false) => ReadString(node, path, required, lenient: false, absolute: false);

    protected string? ReadString(YamlNode? node, string path, bool required, bool lenient, bool absolute)
    {
        if (node is null)
        {
            if (required)
            {
                Error("KeyMissing", path, $"The key '{path.Split('.').Last()}' is required.", _locations.TryGetValue(string.Empty, out var at) ? at : new SourceLocation(_file, 1, 1), absolute);
            }

            return null;
        }

        Record(path, node, absolute);
        if (node is YamlScalar scalar && (scalar.Type == YamlScalarType.String || (lenient && scalar.Type != YamlScalarType.Null)))
        {
            return scalar.Value;
        }

        var hint = node is YamlScalar { Type: not YamlScalarType.Null } ? $" Quote it (\"{Clip(((YamlScalar)node).Value)}\") to make it a string." : string.Empty;
        Error("WrongType", path, $"Expected a string, found {node.Describe()}.{hint}", node.Location, absolute);
        return null;
    }

    protected T? Enum<T>(YamlNode? node, string path, IReadOnlyDictionary<string, T> names, bool required = false)
        where T : struct
    {
        var text = Text(node, path, required);
        if (text is null)
        {
            return null;
        }

        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        Error("ValueInvalid", path, $"'{Clip(text)}' is not a valid {path.Split('.').Last()}.{Suggestions.DidYouMean(text, names.Keys)} Use one of: {string.Join(", ", names.Keys)}.", node!.Location);
        return null;
    }

    protected bool? Boolean(YamlNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        Record(path, node, absolute: false);
        if (node is YamlScalar { Type: YamlScalarType.Boolean } scalar)
        {
            return scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase);
        }

        Error("WrongType", path, $"Expected true or false, found {node.Describe()}.", node.Location);
        return null;
    }

    /// <summary>A whole number; out of range only when <paramref name="min"/> and <paramref name="max"/>, the bounds of the type it is kept in, do not hold it (what is sensible is validation's to say).</summary>
    protected long? Integer(YamlNode? node, string path, long min, long max)
    {
        if (node is null)
        {
            return null;
        }

        Record(path, node, absolute: false);
        if (node is YamlScalar { Type: YamlScalarType.Integer } scalar && TryInteger(scalar.Value, out var value))
        {
            if (value >= min && value <= max)
            {
                return value;
            }

            Error("OutOfRange", path, $"{scalar.Value} is out of range; {path.Split('.').Last()} must be from {min} to {max}.", node.Location);
            return null;
        }

        Error("WrongType", path, $"Expected a whole number, found {Describe(node)}.", node.Location);
        return null;
    }

    protected Duration? ReadDuration(YamlNode? node, string path)
    {
        if (node is YamlScalar { Type: YamlScalarType.Integer or YamlScalarType.Real } number)
        {
            Record(path, node, absolute: false);
            Error("WrongType", path, $"Expected a duration with a unit, found the bare number {Clip(number.Value)}; write it like {Clip(number.Value)}s, 15m or 1h30m.", node.Location);
            return null;
        }

        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (Duration.TryParse(text, out var duration, out var error))
        {
            return duration;
        }

        Error("DurationInvalid", path, error, node!.Location);
        return null;
    }

    protected ValueList<string> StringList(YamlNode? node, string path, bool lenient = true)
    {
        if (node is null)
        {
            return ValueList<string>.Empty;
        }

        Record(path, node, absolute: false);
        if (Expect<YamlSequence>(node, Join(_entryPath, path), "a list") is not { } list)
        {
            return ValueList<string>.Empty;
        }

        var items = new List<string>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (ReadString(list.Items[i], $"{path}[{i}]", required: false, lenient, absolute: false) is { } item)
            {
                items.Add(item);
            }
        }

        return ValueList<string>.From(items);
    }

    protected ValueMap<RawValue> RawMapping(YamlNode? node, string path)
    {
        if (node is null)
        {
            return ValueMap<RawValue>.Empty;
        }

        Record(path, node, absolute: false);
        return Expect<YamlMapping>(node, Join(_entryPath, path), $"a mapping of native {path} settings") is { } mapping
            ? ((RawMap)Raw(mapping, path)).Entries
            : ValueMap<RawValue>.Empty;
    }

    protected RawValue Raw(YamlNode node, string path)
    {
        Record(path, node, absolute: false);
        switch (node)
        {
            case YamlScalar scalar:
                if (scalar.Type == YamlScalarType.Null)
                {
                    Error("WrongType", path, "Expected a value, found null; write an empty string as \"\".", node.Location);
                }

                // A boolean is kept as true or false, however YAML spelt it (True, TRUE), as JSON and plists say it.
                return new RawScalar(scalar.Type == YamlScalarType.Boolean ? scalar.Value.ToLowerInvariant() : scalar.Value, scalar.Type switch
                {
                    YamlScalarType.Boolean => RawScalarType.Boolean,
                    YamlScalarType.Integer => RawScalarType.Integer,
                    YamlScalarType.Real => RawScalarType.Real,
                    _ => RawScalarType.String,
                });
            case YamlSequence sequence:
                return new RawList(ValueList<RawValue>.From(sequence.Items.Select((item, i) => Raw(item, $"{path}[{i}]"))));
            case YamlMapping { Entries.Count: 1 } typed when RawTypes.Of(typed.Entries[0].Key.Value) is { } type:
                var text = typed.Entries[0].Value is YamlScalar { Type: not YamlScalarType.Null } value ? value.Value : null;
                if (text is null || !RawTypes.IsValid(type, text))
                {
                    Error("WrongType", path, $"{typed.Entries[0].Key.Value} takes {(type == RawScalarType.Date ? "a UTC date and time such as 2026-01-31T12:00:00Z" : "base64 text")}.", typed.Location);
                }

                return new RawScalar(text ?? string.Empty, type);
            default:
                var mapping = (YamlMapping)node;
                return new RawMap(ValueMap<RawValue>.From(mapping.Entries.Select(e => (e.Key.Value, Raw(e.Value, path + "." + e.Key.Value)))));
        }
    }

    protected YamlMapping? Section(YamlNode? node, string path, string[] keys)
    {
        if (node is null)
        {
            return null;
        }

        Record(path, node, absolute: false);
        if (Expect<YamlMapping>(node, Join(_entryPath, path), "a mapping") is not { } mapping)
        {
            return null;
        }

        UnknownKeys(mapping, Join(_entryPath, path), keys);
        _locations[path] = mapping.Location;
        return mapping;
    }

    protected void RequireKeys(YamlMapping mapping, string path, params string[] keys)
    {
        foreach (var key in keys.Where(k => Find(mapping, k) is null))
        {
            Error("KeyMissing", path + "." + key, $"The key '{key}' is required in {path.Split('.').Last()}.", mapping.Location);
        }
    }

    protected void Record(string path, YamlNode node, bool absolute)
    {
        if (!absolute)
        {
            _locations[path] = node.Location;
        }
    }

    protected static string Describe(YamlNode node) =>
        node is YamlScalar { Type: YamlScalarType.String } scalar ? $"the string \"{Clip(scalar.Value)}\"" : node.Describe();

    protected static string Clip(string text) =>
        new string(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (text.Length > 40 ? "…" : string.Empty);

    protected static string Join(string prefix, string path) => prefix.Length == 0 ? path : path.Length == 0 ? prefix : prefix + "." + path;

    protected static bool TryInteger(string text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && value >= 0;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            value = 0;
            foreach (var digit in text.Substring(2))
            {
                if (value > (long.MaxValue >> 3))
                {
                    return false;
                }

                value = (value << 3) + (digit - '0');
            }

            return true;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    internal static YamlNode? Find(YamlMapping mapping, string key) =>
        mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Value;
}
