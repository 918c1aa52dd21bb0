namespace ServiceManagement.Module.Tests;

/// <summary>ServiceManagement.psd1, read as data.</summary>
internal static class Manifest
{
    public static string Path => System.IO.Path.Combine(ModuleMetadata.RepositoryRoot, "ServiceManagement.psd1");

    public static string Text { get; } = File.ReadAllText(Path);

    public static IReadOnlyDictionary<string, object?> Data { get; } = PowerShellDataFile.Read(Text);

    public static string? Scalar(string key) => Data.TryGetValue(key, out var value) ? value as string : null;

    public static IReadOnlyList<string> Strings(string key) => Data.TryGetValue(key, out var value) switch
    {
        false => throw new KeyNotFoundException(key + " is not in the manifest."),
        _ when value is List<object?> items => items.Cast<string>().ToList(),
        _ when value is string one => new[] { one },
        _ => throw new InvalidOperationException(key + " is not a list of strings."),
    };

    public static IReadOnlyDictionary<string, object?> PSData =>
        (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)Data["PrivateData"]!)["PSData"]!;
}
