using ServiceManagement.IO;
using Xunit;

namespace ServiceManagement.Tests.IO;

public sealed class AtomicBatchTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-batch-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private string[] Names() => Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void Staged_files_replace_their_targets_only_when_placed_and_one_not_placed_leaves_nothing()
    {
        File.WriteAllText(PathOf("a.service"), "old a");
        using (var batch = new AtomicBatch())
        {
            // More than are flushed together, so that some are flushed while staging and the rest at the first placing.
            for (var i = 0; i < 40; i++)
            {
                batch.Stage(PathOf($"n{i:00}.service"), $"new {i}", Posix.OwnerOnly);
            }

            batch.Stage(PathOf("a.service"), "new a", Posix.OwnerOnly);
            Assert.Equal("old a", File.ReadAllText(PathOf("a.service")));
            Assert.False(File.Exists(PathOf("n00.service")));

            batch.Place(PathOf("a.service"));
            for (var i = 0; i < 39; i++)
            {
                batch.Place(PathOf($"n{i:00}.service"));
            }
        }

        Assert.Equal("new a", File.ReadAllText(PathOf("a.service")));
        Assert.Equal("new 38", File.ReadAllText(PathOf("n38.service")));
        // n39 was staged and never placed: neither it nor its temporary is there.
        Assert.Equal(new[] { "a.service" }.Concat(Enumerable.Range(0, 39).Select(i => $"n{i:00}.service")).ToArray(), Names());
    }

    [Fact]
    public void A_temporary_a_killed_run_left_for_a_file_the_batch_writes_is_deleted_and_any_other_is_left_alone()
    {
        File.WriteAllText(PathOf(".job.service.0123abcd.tmp"), "left by a killed run");
        File.WriteAllText(PathOf(".job.service.0123ABCD.tmp"), "not a name we give");
        File.WriteAllText(PathOf(".job.service.0123abcd.tmp.bak"), "someone else's");
        File.WriteAllText(PathOf(".other.service.0123abcd.tmp"), "a file this batch does not write");

        using (var batch = new AtomicBatch())
        {
            batch.Stage(PathOf("job.service"), "job", null);
            batch.Place(PathOf("job.service"));
        }

        Assert.Equal(new[] { ".job.service.0123ABCD.tmp", ".job.service.0123abcd.tmp.bak", ".other.service.0123abcd.tmp", "job.service" }, Names());
    }

    [Fact]
    public void A_file_deleted_goes_with_the_temporaries_a_killed_run_left_for_it()
    {
        File.WriteAllText(PathOf("job.env"), "TOKEN=old");
        File.WriteAllText(PathOf(".job.env.89abcdef.tmp"), "TOKEN=new, never placed");
        File.WriteAllText(PathOf(".other.env.89abcdef.tmp"), "another file's");

        using (var batch = new AtomicBatch())
        {
            batch.Delete(PathOf("job.env"));
            batch.Delete(PathOf("never-there.env"));
        }

        Assert.Equal(new[] { ".other.env.89abcdef.tmp" }, Names());
    }

    [Fact]
    public void A_file_that_cannot_be_staged_fails_the_batch_and_the_temporaries_already_written_are_deleted()
    {
        var batch = new AtomicBatch();
        batch.Stage(PathOf("first.service"), "first", null);

        Assert.Throws<DirectoryNotFoundException>(() => batch.Stage(PathOf("missing/second.service"), "second", null));
        batch.Dispose();

        Assert.Empty(Names());
    }
}
