namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// The 12-byte values Task Manager and Settings write under <c>Explorer\StartupApproved\Run</c> (and
/// <c>Run32</c>, <c>StartupFolder</c>) to switch a login item off without deleting it: a little-endian
/// 32-bit flag word — even (2, or 6 for some machine-wide items) when enabled, odd (3, 7) when disabled —
/// then the FILETIME of when it was disabled, zero while enabled. No value at all means enabled.
/// </summary>
internal static class StartupApproved
{
    public const int Length = 12;

    public static byte[] Encode(bool enabled, DateTimeOffset? disabledAt = null)
    {
        var value = new byte[Length];
        LittleEndian.Write(value, 0, enabled ? 2 : 3, 4);
        if (!enabled)
        {
            LittleEndian.Write(value, 4, (disabledAt ?? DateTimeOffset.UtcNow).ToFileTime(), 8);
        }

        return value;
    }

    /// <summary>True unless the value says disabled; a value too short to hold the flag word counts as enabled, as Explorer treats it.</summary>
    public static bool IsEnabled(byte[]? value) =>
        value is not { Length: >= 4 } || (LittleEndian.Int32(value, 0) & 1) == 0;

    /// <summary>When the item was disabled, if the value says so.</summary>
    public static DateTimeOffset? DisabledAt(byte[]? value) =>
        value is { Length: >= Length } && !IsEnabled(value) && LittleEndian.Int64(value, 4) is > 0 and var fileTime
            ? DateTimeOffset.FromFileTime(fileTime).ToUniversalTime()
            : null;
}
