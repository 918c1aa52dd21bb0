namespace ServiceManagement.Platforms.Freedesktop;

/// <summary>Builds a key file (a unit file, a desktop entry) section by section; overlays replace every value of a key in place.</summary>
internal sealed class UnitBuilder
{
    private readonly List<(string Name, List<UnitEntry> Entries)> _sections = new();

    public bool IsEmpty => _sections.All(s => s.Entries.Count == 0);

    public UnitBuilder Add(string section, string key, string? value)
    {
        if (value is not null)
        {
            Section(section).Add(new UnitEntry(key, value));
        }

        return this;
    }

    public UnitBuilder AddAll(string section, string key, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Add(section, key, value);
        }

        return this;
    }

    /// <summary>Replaces the key's values; an empty list removes the key.</summary>
    public void Replace(string section, string key, IReadOnlyList<string> values)
    {
        var entries = Section(section);
        var first = entries.FindIndex(e => e.Key == key);
        entries.RemoveAll(e => e.Key == key);
        entries.InsertRange(first < 0 ? entries.Count : first, values.Select(v => new UnitEntry(key, v)));
    }

    public UnitFile Build() =>
        new(_sections.Where(s => s.Entries.Count > 0).Select(s => new UnitSection(s.Name, s.Entries.ToList())).ToList());

    private List<UnitEntry> Section(string name)
    {
        var index = _sections.FindIndex(s => s.Name == name);
        if (index >= 0)
        {
            return _sections[index].Entries;
        }

        _sections.Add((name, new List<UnitEntry>()));
        return _sections[_sections.Count - 1].Entries;
    }
}
