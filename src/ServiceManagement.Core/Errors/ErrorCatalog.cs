namespace ServiceManagement.Errors;

/// <summary>
/// How a front end names an error: a stable reason (appended to the command's name to form an error id)
/// and the name of the PowerShell ErrorCategory it belongs to. The engine knows no PowerShell types, so
/// categories are names; a test checks each against PowerShell's enum.
/// </summary>
public static class ErrorCatalog
{
    private static readonly IReadOnlyDictionary<string, string> Categories = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["InvalidDefinition"] = "InvalidData",
        ["UnsupportedFormat"] = "InvalidArgument",
        ["InputNotFound"] = "ObjectNotFound",
        ["PlatformError"] = "InvalidOperation",
        ["PermissionDenied"] = "PermissionDenied",
        ["JobNotFound"] = "ObjectNotFound",
        ["JobAmbiguous"] = "InvalidArgument",
        ["JobNotManaged"] = "InvalidOperation",
        ["UserNotFound"] = "ObjectNotFound",
        ["Locked"] = "ResourceBusy",
        ["JobExists"] = "ResourceExists",
        ["OutputExists"] = "ResourceExists",
        ["PlatformWithoutRoot"] = "InvalidArgument",
        ["BackgroundTaskDumpWithoutTree"] = "InvalidArgument",
        ["BackgroundTaskDumpInvalid"] = "InvalidData",
        ["FileError"] = "WriteError",
        ["AccessDenied"] = "PermissionDenied",
    };

    /// <summary>Every reason the catalog knows and its category.</summary>
    public static IReadOnlyDictionary<string, string> Entries => Categories;

    /// <summary>The reason and category name of an error; an unexpected error is <c>Unexpected</c>, <c>NotSpecified</c>.</summary>
    public static (string Reason, string Category) Describe(Exception error)
    {
        var reason = error switch
        {
            ServiceManagementException known => known.Reason,
            UnauthorizedAccessException => "AccessDenied",
            IOException => "FileError",
            _ => "Unexpected",
        };
        return (reason, Categories.TryGetValue(reason, out var category) ? category : "NotSpecified");
    }
}
