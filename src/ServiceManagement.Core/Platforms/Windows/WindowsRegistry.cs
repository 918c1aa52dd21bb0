using Microsoft.Win32;
using ServiceManagement.Errors;

namespace ServiceManagement.Platforms.Windows;

/// <summary>The real registry (HKEY_CURRENT_USER and HKEY_LOCAL_MACHINE); access denied is a typed error naming the key.</summary>
internal sealed class WindowsRegistry : IRegistry
{
    public IReadOnlyList<string> ValueNames(string key)
    {
        using var opened = Open(key, write: false);
        return opened?.GetValueNames() ?? Array.Empty<string>();
    }

    public object? Value(string key, string name)
    {
        using var opened = Open(key, write: false);
        return opened?.GetValue(name) is var value and (string or byte[]) ? value : null;
    }

    public void SetString(string key, string name, string value)
    {
        using var created = Create(key);
        created.SetValue(name, value, RegistryValueKind.String);
    }

    public void SetBinary(string key, string name, byte[] value)
    {
        using var created = Create(key);
        created.SetValue(name, value, RegistryValueKind.Binary);
    }

    public void DeleteValue(string key, string name)
    {
        using var opened = Open(key, write: true);
        opened?.DeleteValue(name, throwOnMissingValue: false);
    }

    private static RegistryKey Hive(string path) => path.StartsWith("HKEY_LOCAL_MACHINE\\", StringComparison.OrdinalIgnoreCase) ? Registry.LocalMachine : Registry.CurrentUser;

    private static string SubKey(string path) => path.Substring(path.IndexOf('\\') + 1);

    private static RegistryKey? Open(string path, bool write)
    {
        try
        {
            return Hive(path).OpenSubKey(SubKey(path), write);
        }
        catch (System.Security.SecurityException ex)
        {
            throw new PermissionDeniedException($"Access to {path} is denied; run as an administrator.", ex);
        }
    }

    private static RegistryKey Create(string path)
    {
        try
        {
            return Hive(path).CreateSubKey(SubKey(path));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new PermissionDeniedException($"Access to {path} is denied; run as an administrator.", ex);
        }
    }
}
