using ServiceManagement.Model;

namespace ServiceManagement.Configuration;

/// <summary>
/// Where a job's keys are written: a YAML block mapping (<see cref="YamlBlockWriter"/>) or a JSON object
/// (<see cref="JsonObjectWriter"/>). <see cref="ConfigurationWriter"/> decides once which keys a job has and how
/// each value is spelt; a writer only says it in its syntax. Absent values (null, empty lists) are left out.
/// </summary>
internal interface IDocumentWriter
{
    /// <summary>A string value.</summary>
    void Value(string key, string? value);

    /// <summary>A number or a boolean, written as it is given.</summary>
    void Plain(string key, string? value);

    void List(string key, IReadOnlyList<string> items);

    /// <summary>A nested mapping; one left empty is still written, so that it reads back as present.</summary>
    void Section(string key, Action<IDocumentWriter> body);

    /// <summary>A list of mappings, one per item.</summary>
    void Items<T>(string key, IReadOnlyList<T> items, Action<IDocumentWriter, T> body);

    /// <summary>A secret variable with its value: <c>{ secret: VALUE }</c>.</summary>
    void Secret(string key, string value);

    /// <summary>A secret variable whose value the machine keeps: <c>{ keepSecret: true }</c>.</summary>
    void KeptSecret(string key);

    /// <summary>Native extras, each scalar keeping its type (a plist date or data as <c>{ "$date": … }</c>, <c>{ "$data": … }</c>).</summary>
    void Raw(string key, ValueMap<RawValue> map);
}
