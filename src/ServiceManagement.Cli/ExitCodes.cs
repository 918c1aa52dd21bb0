using ServiceManagement.Errors;

namespace ServiceManagement.Cli;

/// <summary>svcmgmt's exit codes; README.md and --help document the same table.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int DriftFound = 1;
    public const int InvalidInput = 2;
    public const int PlatformError = 3;
    public const int PermissionDenied = 4;

    public const string HelpText = "Exit codes: 0 ok, 1 drift found (plan/test), 2 bad input, 3 platform error, 4 permission denied.";

    public static int For(Exception exception) => exception switch
    {
        ServiceManagementException { Kind: ErrorKind.InvalidInput or ErrorKind.NotFound } => InvalidInput,
        ServiceManagementException { Kind: ErrorKind.PermissionDenied } => PermissionDenied,
        UnauthorizedAccessException => PermissionDenied,
        _ => PlatformError,
    };
}
