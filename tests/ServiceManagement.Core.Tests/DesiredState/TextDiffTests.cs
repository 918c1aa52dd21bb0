using ServiceManagement.DesiredState;
using Xunit;

namespace ServiceManagement.Tests.DesiredState;

public class TextDiffTests
{
    [Fact]
    public void Equal_texts_have_no_diff()
    {
        Assert.Equal(string.Empty, TextDiff.Unified("/x", "a\nb\n", "a\nb\n"));
    }

    [Fact]
    public void A_changed_line_is_removed_then_added_with_context()
    {
        var before = string.Join("\n", Enumerable.Range(1, 12).Select(i => "line" + i)) + "\n";
        var after = before.Replace("line6\n", "LINE6\n", StringComparison.Ordinal);
        Assert.Equal("--- /x\n+++ /x\n@@ -3,7 +3,7 @@\n line3\n line4\n line5\n-line6\n+LINE6\n line7\n line8\n line9\n", TextDiff.Unified("/x", before, after));
    }

    [Fact]
    public void New_and_deleted_files_diff_against_dev_null()
    {
        Assert.Equal("--- /dev/null\n+++ /x\n@@ -1,0 +1,2 @@\n+a\n+b\n", TextDiff.Unified("/x", null, "a\nb\n"));
        Assert.Equal("--- /x\n+++ /dev/null\n@@ -1,1 +1,0 @@\n-a\n", TextDiff.Unified("/x", "a\n", null));
    }

    [Fact]
    public void Distant_changes_make_separate_hunks()
    {
        var before = string.Join("\n", Enumerable.Range(1, 30).Select(i => "l" + i)) + "\n";
        var after = before.Replace("l2\n", "L2\n", StringComparison.Ordinal).Replace("l28\n", "L28\n", StringComparison.Ordinal);
        Assert.Equal(2, TextDiff.Unified("/x", before, after).Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
    }
}
