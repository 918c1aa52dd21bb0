using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Formats;

/// <summary>
/// <c>svcmgmt convert</c>: a native file is recognised by what it holds when its name does not say, and task XML
/// comes out well-formed with the encoding it really has, judged by python3's XML parser.
/// </summary>
public sealed class ConvertTests : IDisposable
{
    private const string TaskNamespace = "{http://schemas.microsoft.com/windows/2004/02/mit/task}Task";
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-convert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("com.example.full.plist", "init.osx")]
    [InlineData("com.example.minimal.plist", "x.plist.in")]
    public void A_property_list_is_read_by_its_content_whatever_its_name(string golden, string name)
    {
        var file = Path.Combine(_directory, name);
        File.Copy(Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Golden", "macos", golden), file);
        var (exitCode, output, error) = InProcessSvcmgmt.Run("convert", file, "--to", "yaml");
        Assert.True(exitCode == 0, error);
        Assert.Contains("name: " + golden.Replace(".plist", string.Empty, StringComparison.Ordinal), output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_property_list_a_unit_and_a_desktop_entry_are_read_by_their_content()
    {
        var binary = Path.Combine(_directory, "agent.bin");
        var written = new ProcessCommandRunner().Run(CommandLine.Of("python3", "-c",
            "import plistlib,sys; plistlib.dump({'Label':'com.example.binary','ProgramArguments':['/usr/bin/true']}, open(sys.argv[1],'wb'), fmt=plistlib.FMT_BINARY)", binary));
        Assert.True(written.Succeeded, written.StandardError);
        var unit = Path.Combine(_directory, "unit.txt");
        File.WriteAllText(unit, "# a unit\n[Unit]\nDescription=from a unit\n[Service]\nExecStart=/usr/bin/true\n");
        var entry = Path.Combine(_directory, "entry.txt");
        File.WriteAllText(entry, "[Desktop Entry]\nType=Application\nName=entry\nExec=/usr/bin/true\n");

        Assert.Equal(0, InProcessSvcmgmt.Run("convert", unit, "--to", "yaml").ExitCode);
        Assert.Contains("description: from a unit", InProcessSvcmgmt.Run("convert", unit, "--to", "yaml").Output, StringComparison.Ordinal);
        Assert.Contains("kind: loginItem", InProcessSvcmgmt.Run("convert", entry, "--to", "yaml").Output, StringComparison.Ordinal);
        var (exitCode, output, error) = InProcessSvcmgmt.Run("convert", binary, "--to", "yaml");
        Assert.True(exitCode == 0, error);
        Assert.Contains("program: /usr/bin/true", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_xml_is_well_formed_declares_its_true_encoding_and_several_tasks_are_documents_one_after_another()
    {
        var one = Path.Combine(_directory, "one.yaml");
        File.WriteAllText(one, "jobs:\n  - { name: com.example.poll, kind: agent, program: 'C:\\Tools\\poll.exe', schedule: { every: 15m } }\n");
        var (exitCode, task, error) = InProcessSvcmgmt.Run("convert", one, "--to", "task");
        Assert.True(exitCode == 0, error);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- task: \\ServiceManagement\\com.example.poll -->\n<Task", task, StringComparison.Ordinal);
        Assert.Equal(TaskNamespace, Python("import sys, xml.etree.ElementTree as E\nprint(E.fromstring(sys.stdin.buffer.read()).tag)", task).Trim());

        var two = Path.Combine(_directory, "two.yaml");
        File.WriteAllText(two, File.ReadAllText(one) + "  - { name: com.example.sync, kind: agent, program: 'C:\\Tools\\sync.exe' }\n");
        var (twoCode, tasks, twoError) = InProcessSvcmgmt.Run("convert", two, "--to", "task");
        Assert.True(twoCode == 0, twoError);
        const string EachDocument = "import sys, xml.etree.ElementTree as E\nt = sys.stdin.buffer.read().decode()\nfor d in t.split('<?xml')[1:]:\n    print(E.fromstring(('<?xml' + d).encode()).tag)";
        Assert.Equal(new[] { TaskNamespace, TaskNamespace }, Python(EachDocument, tasks).Trim().Split('\n'));

        var back = Path.Combine(_directory, "tasks.xml");
        File.WriteAllText(back, tasks);
        var (backCode, yaml, backError) = InProcessSvcmgmt.Run("convert", back, "--to", "yaml");
        Assert.True(backCode == 0, backError);
        Assert.Contains("name: com.example.poll", yaml, StringComparison.Ordinal);
        Assert.Contains("name: com.example.sync", yaml, StringComparison.Ordinal);
    }

    private static string Python(string script, string input)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, input);
            var result = new ProcessCommandRunner().Run(CommandLine.Of("bash", "-c", "python3 -c \"$1\" < \"$2\"", "python", script, file));
            Assert.True(result.Succeeded, result.StandardError);
            return result.StandardOutput;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
