using ServiceManagement.Platforms.Backends;

namespace ServiceManagement.PowerShell;

/// <summary>
/// Where the cmdlets that only read jobs (Get-BackgroundJobDefinition, Export-BackgroundJobConfiguration) read
/// them: this machine, or with -Root a tree — a mounted disk, an image, a backup — of the system -Platform
/// names, read-only, from any operating system (svcmgmt's --root and --platform).
/// </summary>
internal static class JobSource
{
    public static IPlatform Platform(PSCmdlet cmdlet, string? root, TargetOperatingSystem? platform)
    {
        if (platform is not null && root is null)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("-Platform names the system a -Root directory holds; give -Root too.", "Platform"),
                cmdlet.MyInvocation.MyCommand.Name.Replace("-", string.Empty) + "PlatformWithoutRoot",
                ErrorCategory.InvalidArgument,
                platform));
        }

        return PlatformFactory.Create(platform, root);
    }
}
