using System.Runtime.InteropServices;
using ServiceManagement.Errors;
using ServiceManagement.IO;
using Xunit;

namespace ServiceManagement.Tests.IO;

/// <summary>umask is the process's: these tests run alone, so that no other test creates files under the one set here.</summary>
[CollectionDefinition("umask", DisableParallelization = true)]
public sealed class UmaskCollection
{
}

[Collection("umask")]
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_file_gets_exactly_the_mode_asked_for_whatever_the_umask_and_its_content_replaces_the_old_in_one_step()
    {
        var path = Path.Combine(_directory, "job.service");
        File.WriteAllText(path, "old");
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read);
        var before = umask(0b111_111_111);
        try
        {
            AtomicFile.WriteAllText(path, "new", new FileOwnership(Posix.EffectiveUserId, (int)getegid(), 0b110_110_100));
        }
        finally
        {
            umask(before);
        }

        Assert.Equal("664", ModeByStat(path));
        Assert.Equal("new", File.ReadAllText(path));
        // Renamed over, not rewritten: a reader that had the old file open still reads the old bytes.
        Assert.Equal("old", new StreamReader(reader).ReadToEnd());
        Assert.Equal(new[] { "job.service" }, Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_that_cannot_be_put_in_place_is_a_typed_error_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_directory, "taken.service");
        Directory.CreateDirectory(Path.Combine(path, "inside"));

        var error = Assert.Throws<PlatformException>(() => AtomicFile.WriteAllText(path, "content", Posix.OwnerOnly));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "taken.service" }, Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName));
    }

    /// <summary>The mode as coreutils' stat prints it (octal), not as our own code reads it.</summary>
    private static string ModeByStat(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", new[] { "-c", "%a", path }) { RedirectStandardOutput = true })!;
        var mode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return mode;
    }

    [DllImport("libc")]
    private static extern uint umask(uint mask);

    [DllImport("libc")]
    private static extern uint getegid();
}
