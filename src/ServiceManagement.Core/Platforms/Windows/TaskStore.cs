using System.Security;
using System.Text;
using System.Xml.Linq;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Agents and scheduled daemons as tasks in <c>\ServiceManagement\</c>, through schtasks and task XML; inventory
/// also reads every task with a logon or boot trigger, wherever it is registered.
/// </summary>
internal sealed class TaskStore : IWindowsStore
{
    private readonly ICommandRunner _runner;
    private readonly string _currentUser;

    /// <param name="currentUser">Who a user task belongs to when its definition names nobody.</param>
    public TaskStore(ICommandRunner runner, string currentUser)
    {
        _runner = runner;
        _currentUser = currentUser;
    }

    public IEnumerable<InstalledJob> Jobs(JobQuery query)
    {
        var result = _runner.Run(CommandLine.Of("schtasks", "/query", "/xml", "ONE"));
        return result.Succeeded && result.StandardOutput.Trim().Length > 0
            ? TasksFrom(result.StandardOutput, null).Where(t => query.Matches(t.Definition))
            : Array.Empty<InstalledJob>();
    }

    public WindowsObject Locate(BackgroundJobDefinition definition) => new(JobPlatform.WindowsTask, definition.SourcePath ?? TaskTranslator.Path(definition));

    public string Render(BackgroundJobDefinition definition, InstalledJob? existing) => TaskTranslator.Render(definition, _currentUser);

    public string? Current(WindowsObject target)
    {
        var result = _runner.Run(CommandLine.Of("schtasks", "/query", "/xml", "/tn", target.Id));
        return result.Succeeded && result.StandardOutput.Trim().Length > 0 ? result.StandardOutput : null;
    }

    public InstalledJob? Existing(WindowsObject target, string current, BackgroundJobDefinition declared) => TasksFrom(current, target.Id).FirstOrDefault();

    public void Check(BackgroundJobDefinition? desired, InstalledJob? existing, WriteOptions options)
    {
    }

    public void Apply(WindowsObject target, string? content, SecureString? password)
    {
        if (content is null)
        {
            Require(CommandLine.Of("schtasks", "/delete", "/tn", target.Id, "/f"));
            return;
        }

        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "servicemanagement-" + Guid.NewGuid().ToString("N") + ".xml");
        File.WriteAllText(file, content, Encoding.Unicode);
        try
        {
            Require(CommandLine.Of("schtasks", "/create", "/xml", file, "/tn", target.Id, "/f"));
        }
        finally
        {
            File.Delete(file);
        }

        // A task schtasks says it registered but no query finds (Wine's Task Scheduler does this) could never be
        // read, started or removed again: a failed write, and its registration is deleted, not a success.
        if (Current(target) is null)
        {
            _runner.Run(CommandLine.Of("schtasks", "/delete", "/tn", target.Id, "/f"));
            throw new PlatformException($"schtasks /create reported the task {target.Id} registered, but schtasks /query cannot find it: Task Scheduler did not register it (nothing could read, start or remove it), so it was deleted again.");
        }
    }

    public void Start(BackgroundJobDefinition definition) => Require(CommandLine.Of("schtasks", "/run", "/tn", Locate(definition).Id));

    /// <summary>Ends the task's running instance; a task that is not running is no error.</summary>
    public void Stop(BackgroundJobDefinition definition) => _runner.Run(CommandLine.Of("schtasks", "/end", "/tn", Locate(definition).Id));

    public void SetEnabled(BackgroundJobDefinition definition, bool enabled) =>
        Require(CommandLine.Of("schtasks", "/change", "/tn", Locate(definition).Id, enabled ? "/enable" : "/disable"));

    public IReadOnlyList<BackgroundJobStatus> Status(IReadOnlyList<InstalledJob> jobs)
    {
        var tasks = ScheduledTaskStatus.Parse(_runner.Run(ScheduledTaskStatus.Command).StandardOutput);
        return jobs.Select(job => tasks.TryGetValue(Locate(job.Definition).Id, out var task)
                ? task with { Name = job.Definition.Name }
                : new BackgroundJobStatus(job.Definition.Name, JobState.NotLoaded) { NativeState = "not registered" })
            .ToList();
    }

    /// <summary>The jobs in schtasks' XML: one task (its <paramref name="path"/> given), or a &lt;Tasks&gt; document of them.</summary>
    private static IEnumerable<InstalledJob> TasksFrom(string xml, string? path)
    {
        XElement root;
        try
        {
            root = XDocument.Parse(xml).Root!;
        }
        catch (System.Xml.XmlException ex)
        {
            throw new PlatformException("schtasks printed task XML that does not parse: " + ex.Message, ex);
        }

        var tasks = root.Name.LocalName == "Task"
            ? new[] { (Path: path!, Task: root) }
            : root.Nodes().OfType<XComment>().Select(c => (Path: c.Value.Trim(), Task: c.NextNode as XElement)).Where(t => t.Task is not null).Select(t => (t.Path, Task: t.Task!)).ToArray();
        return tasks
            .Where(t => t.Path.StartsWith(TaskTranslator.Folder, StringComparison.OrdinalIgnoreCase)
                || t.Task.Descendants().Any(e => e.Name.LocalName is "LogonTrigger" or "BootTrigger"))
            .Select(t =>
            {
                var definition = TaskTranslator.Parse(t.Task.ToString(), t.Path.Substring(t.Path.LastIndexOf('\\') + 1)) with { SourcePath = t.Path };
                return new InstalledJob(definition) { Files = new[] { new WindowsObject(JobPlatform.WindowsTask, t.Path).Path }, Enabled = definition.StartupType != StartupType.Disabled };
            })
            .ToList();
    }

    private void Require(CommandLine command)
    {
        var result = _runner.Run(command);
        if (!result.Succeeded)
        {
            throw new PlatformException($"{command} failed (exit code {result.ExitCode}): {(result.StandardError.Trim().Length > 0 ? result.StandardError.Trim() : result.StandardOutput.Trim())}");
        }
    }
}
