namespace ServiceManagement.Platforms.Launchd;

/// <summary>The file could not be read as a property list; the message says where and why.</summary>
internal sealed class PropertyListException : Exception
{
    public PropertyListException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
