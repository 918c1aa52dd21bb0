using ServiceManagement.Cli;

namespace ServiceManagement.Tests.Support;

/// <summary>svcmgmt run in the test process, as its command line would run it: exit code, standard output and error.</summary>
internal static class InProcessSvcmgmt
{
    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = SvcmgmtApp.Run(arguments, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
