namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// The registry values the Run-key store reads and writes, addressed by full key path
/// (<c>HKEY_CURRENT_USER\Software\…</c>); <see cref="WindowsRegistry"/> is the real one, tests give a fake.
/// </summary>
internal interface IRegistry
{
    /// <summary>The names of the key's values; empty when the key does not exist.</summary>
    IReadOnlyList<string> ValueNames(string key);

    /// <summary>A string value's text or a binary value's bytes; null when the key or value does not exist.</summary>
    object? Value(string key, string name);

    /// <summary>Writes a string value, creating the key.</summary>
    void SetString(string key, string name, string value);

    /// <summary>Writes a binary value, creating the key.</summary>
    void SetBinary(string key, string name, byte[] value);

    /// <summary>Deletes the value; nothing happens when it or its key does not exist.</summary>
    void DeleteValue(string key, string name);
}
