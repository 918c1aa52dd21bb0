using System.Globalization;
using ServiceManagement.Model;

namespace ServiceManagement.Configuration;

/// <summary>
/// How native scalars that YAML and JSON have no type for travel in a configuration: a one-key mapping,
/// <c>{ "$date": "2026-01-31T12:00:00Z" }</c> or <c>{ "$data": "AAEC/w==" }</c>.
/// </summary>
internal static class RawTypes
{
    public static string Key(RawScalarType type) => type == RawScalarType.Date ? "$date" : "$data";

    public static RawScalarType? Of(string key) => key switch
    {
        "$date" => RawScalarType.Date,
        "$data" => RawScalarType.Data,
        _ => null,
    };

    public static bool IsValid(RawScalarType type, string text)
    {
        if (type == RawScalarType.Date)
        {
            return DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);
        }

        try
        {
            Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
