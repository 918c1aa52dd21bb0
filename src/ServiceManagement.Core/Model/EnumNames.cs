namespace ServiceManagement.Model;

/// <summary>How enum values are spelt in configuration files and JSON: camelCase of the C# name.</summary>
public static class EnumNames
{
    /// <summary>Each value of <typeparamref name="T"/> by its spelling.</summary>
    /// <remarks>
    /// Built once per type: reading a job asks for several of these, and building one goes through the enum's
    /// reflection data (a plan of 200 jobs built each table 200 times).
    /// </remarks>
    public static IReadOnlyDictionary<string, T> Of<T>()
        where T : struct => Spellings<T>.ByName;

    public static string YamlName(string pascal) =>
        pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);

    private static class Spellings<T>
        where T : struct
    {
        // By name, not Enum.GetValues(Type): that makes an array of T at run time, which NativeAOT cannot.
        public static readonly IReadOnlyDictionary<string, T> ByName =
            Enum.GetNames(typeof(T)).ToDictionary(YamlName, n => (T)Enum.Parse(typeof(T), n), StringComparer.Ordinal);
    }
}
