using ServiceManagement.Errors;
using ServiceManagement.Processes;
using Xunit;

namespace ServiceManagement.Tests.Processes;

public sealed class ProcessCommandRunnerTests
{
    [Fact]
    public void A_program_runs_with_its_arguments_unsplit_and_both_streams_captured()
    {
        var result = new ProcessCommandRunner().Run(CommandLine.Of("sh", "-c", "printf '%s|' \"$@\"; echo oops >&2; exit 3", "sh", "two words", "a\"quote"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("two words|a\"quote|", result.StandardOutput);
        Assert.Equal("oops\n", result.StandardError);
    }

    [Fact]
    public void A_program_that_does_not_exist_is_a_typed_error_naming_it()
    {
        var error = Assert.Throws<PlatformException>(() => new ProcessCommandRunner().Run(CommandLine.Of("sm-no-such-program")));

        Assert.StartsWith("Could not run sm-no-such-program: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1359, true, true)]   // ERROR_INTERNAL_ERROR: Wine's child failed during start-up
    [InlineData(2, true, false)]     // ERROR_FILE_NOT_FOUND
    [InlineData(5, true, false)]     // ERROR_ACCESS_DENIED
    [InlineData(11, false, true)]    // EAGAIN from fork
    [InlineData(2, false, false)]    // ENOENT
    [InlineData(13, false, false)]   // EACCES
    [InlineData(1359, false, false)]
    public void Only_a_transient_start_failure_is_tried_again(int nativeErrorCode, bool windows, bool retried) =>
        Assert.Equal(retried, ProcessCommandRunner.StartMayBeRetried(nativeErrorCode, windows));
}
