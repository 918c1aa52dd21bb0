using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Validation;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Freedesktop;

public class UnitFileTests
{
    [Fact]
    public void Reads_sections_comments_continuations_and_repeated_keys()
    {
        var text = "# leading comment\n; also a comment\n[Unit]\nDescription = Spaced  value  \nAfter=a.target\nAfter=b.target\n\n[Service]\nExecStart=/bin/echo \\\n  one \\\n# a comment inside the continuation is skipped\n  two\nEnvironment=A=1\n";
        var unit = UnitFile.Parse(text, "x.service");
        Assert.Equal(new[] { "Unit", "Service" }, unit.Sections.Select(s => s.Name));
        Assert.Equal("Spaced  value", unit.Last("Unit", "Description"));
        Assert.Equal(new[] { "a.target", "b.target" }, unit.All("Unit", "After"));
        Assert.Equal("/bin/echo  one  two", unit.Last("Service", "ExecStart"));
    }

    [Fact]
    public void An_empty_assignment_resets_what_came_before()
    {
        var unit = UnitFile.Parse("[Service]\nExecStart=/a\nExecStart=\nExecStart=/b\nExecStart=/c\n", "x");
        Assert.Equal(new[] { "/a", "", "/b", "/c" }, unit.All("Service", "ExecStart"));
        Assert.Equal(new[] { "/b", "/c" }, unit.Effective("Service", "ExecStart"));
        Assert.Null(UnitFile.Parse("[Unit]\nDescription=x\nDescription=\n", "x").Last("Unit", "Description"));
    }

    [Fact]
    public void Drop_ins_apply_after_the_unit_section_by_section()
    {
        var unit = UnitFile.Parse("[Service]\nExecStart=/a\n", "x").Merge(UnitFile.Parse("[Service]\nExecStart=\nExecStart=/b\n[Unit]\nDescription=d\n", "y"));
        Assert.Equal(new[] { "/b" }, unit.Effective("Service", "ExecStart"));
        Assert.Equal("d", unit.Last("Unit", "Description"));
    }

    [Theory]
    [InlineData("[Unit]\nno equals sign\n", "has no '='", 2)]
    [InlineData("Key=before any section\n", "before any [Section]", 1)]
    [InlineData("[Unit\nA=1\n", "not a section header", 1)]
    [InlineData("[Unit]\nBad Key=1\n", "contains whitespace", 2)]
    public void Lines_systemd_ignores_become_located_findings(string text, string message, int line)
    {
        var findings = new List<Finding>();
        UnitFile.Parse(text, "bad.service", findings);
        var finding = findings[0];
        Assert.Contains(message, finding.Message, StringComparison.Ordinal);
        Assert.Equal(("bad.service", line), (finding.Location!.File, finding.Location.Line));
    }

    [Fact]
    public void Renders_what_it_reads()
    {
        var text = "[Unit]\nDescription=d\n\n[Service]\nExecStart=/a\nExecStart=\nExecStart=/b\n";
        Assert.Equal(text, UnitFile.Parse(text, "x").Render());
    }
}
