using ServiceManagement.Processes;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Windows;

/// <summary>
/// A task someone else registered (boot and event triggers, idle settings, its own folder) goes through
/// <c>svcmgmt convert --to yaml</c> and back <c>--to task</c>. python3's canonical XML (C14N 2.0) is the
/// judge: unchanged, the task comes back as registered; with a modelled property changed, it changes
/// only there and keeps every element the model does not write.
/// </summary>
public sealed class ForeignTaskTests : IDisposable
{
    private static readonly string Original = Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Samples", "vendor-task.xml");
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-task-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_foreign_task_converts_to_yaml_and_back_as_registered()
    {
        var yaml = Convert(Original, "--from", "task", "--to", "yaml");
        Assert.Contains("origin: machine", File.ReadAllText(yaml), StringComparison.Ordinal);
        var back = Convert(yaml, "--to", "task");
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- task: \\Contoso\\Updater -->", File.ReadAllText(back), StringComparison.Ordinal);
        Assert.Equal(Canonical(Original), Canonical(back));
    }

    [Fact]
    public void A_changed_description_changes_only_the_description_and_keeps_what_the_model_does_not_write()
    {
        var yaml = Convert(Original, "--from", "task", "--to", "yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("description: Contoso updater", "description: Changed by the admin", StringComparison.Ordinal));
        var back = Convert(yaml, "--to", "task");
        var changed = Canonical(back);
        Assert.Contains("<Description>Changed by the admin</Description>", changed, StringComparison.Ordinal);
        foreach (var kept in new[] { "<IdleSettings><StopOnIdleEnd>true</StopOnIdleEnd><RestartOnIdle>false</RestartOnIdle></IdleSettings>", "<AllowHardTerminate>false</AllowHardTerminate>", "<Author>Contoso</Author>", "<URI>\\Contoso\\Updater</URI>" })
        {
            Assert.Contains(kept, changed, StringComparison.Ordinal);
        }
    }

    private string Convert(string input, params string[] options)
    {
        var output = Path.Combine(_directory, Guid.NewGuid().ToString("N") + (options[^1] == "yaml" ? ".yaml" : ".xml"));
        var (exitCode, _, error) = InProcessSvcmgmt.Run(new[] { "convert", input }.Concat(options).Concat(new[] { "--output", output }).ToArray());
        Assert.True(exitCode == 0, error);
        return output;
    }

    /// <summary>The task element in C14N 2.0 form without namespace prefixes or insignificant whitespace, by python3's xml.etree.</summary>
    private static string Canonical(string file)
    {
        const string script = "import sys, xml.etree.ElementTree as E\n"
            + "t = open(sys.argv[1], encoding='utf-8').read()\n"
            + "t = t[t.index('<Task'):]\n"
            + "print(E.canonicalize(t, strip_text=True).replace(' xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"', ''))\n";
        var result = new ProcessCommandRunner().Run(CommandLine.Of("python3", "-c", script, file));
        Assert.True(result.Succeeded, result.StandardError);
        return result.StandardOutput.Trim();
    }
}
