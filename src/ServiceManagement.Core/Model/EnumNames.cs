namespace ServiceManagement.Model;

/// <summary>How enum values are spelt in configuration files and JSON: camelCase of the C# name.</summary>
public static class EnumNames
{
    /// <summary>Each value of <typeparamref name="T"/> by its spelling.</summary>
    public static IReadOnlyDictionary<string, T> Of<T>()
        where T : struct =>
        Enum.GetValues(typeof(T)).Cast<T>().ToDictionary(v => YamlName(v.ToString()!), v => v, StringComparer.Ordinal);

    public static string YamlName(string pascal) =>
        pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
}
