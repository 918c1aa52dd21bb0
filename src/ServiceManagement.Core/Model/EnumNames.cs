namespace ServiceManagement.Model;

/// <summary>How enum values are spelt in configuration files and JSON: camelCase of the C# name.</summary>
public static class EnumNames
{
    /// <summary>Each value of <typeparamref name="T"/> by its spelling.</summary>
    /// <remarks>By name, not Enum.GetValues(Type): that makes an array of T at run time, which NativeAOT cannot.</remarks>
    public static IReadOnlyDictionary<string, T> Of<T>()
        where T : struct =>
        Enum.GetNames(typeof(T)).ToDictionary(YamlName, n => (T)Enum.Parse(typeof(T), n), StringComparer.Ordinal);

    public static string YamlName(string pascal) =>
        pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
}
