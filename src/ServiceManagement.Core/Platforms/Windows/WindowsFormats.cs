using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// The Windows native forms for <c>svcmgmt convert</c>: <c>scm</c> (the service configuration as JSON; an
/// array for several), <c>task</c> (task XML; several tasks each after a <c>&lt;!-- ---- \ServiceManagement\NAME --&gt;</c>
/// line) and <c>runkey</c> (a .reg file). Each reads back what it writes; a user task that names nobody is
/// written for the user who converts.
/// </summary>
public static class WindowsFormats
{
    private const string TaskSeparator = "<!-- ---- ";

    public static string WriteServices(IReadOnlyList<ConfigurationEntry> entries)
    {
        var services = Only(entries, d => PlatformTargets.For(TargetOperatingSystem.Windows, d) == JobPlatform.WindowsService, "is not a daemon without a schedule; only those are services (--to task or --to runkey)")
            .Select(d => ServiceTranslator.Render(d).ToJson().TrimEnd('\n')).ToList();
        return services.Count == 1 ? services[0] + "\n" : "[\n" + string.Join(",\n", services) + "\n]\n";
    }

    public static string WriteTasks(IReadOnlyList<ConfigurationEntry> entries) =>
        string.Concat(Only(entries, d => PlatformTargets.For(TargetOperatingSystem.Windows, d) == JobPlatform.WindowsTask, "is not an agent or a scheduled daemon; only those are tasks (--to scm or --to runkey)")
            .Select(d => TaskSeparator + TaskTranslator.Path(d) + " -->\n" + TaskTranslator.Render(d, Environment.UserName)));

    public static string WriteRunValues(IReadOnlyList<ConfigurationEntry> entries) =>
        RunKeyTranslator.WriteRegFile(Only(entries, d => d.Kind == JobKind.LoginItem, "is not a login item; only login items are Run values (--to scm or --to task)").Select(RunKeyTranslator.Render));

    public static ConfigurationLoadResult ReadServices(string text, string source) =>
        Read(source, () => ServiceConfiguration.FromJson(text, source).Select(ServiceTranslator.Parse));

    public static ConfigurationLoadResult ReadTasks(string text, string source) =>
        Read(source, () => SplitTasks(text, source).Select(t => TaskTranslator.Parse(t.Xml, t.Name)));

    public static ConfigurationLoadResult ReadRunValues(string text, string source) =>
        Read(source, () => RunKeyTranslator.ReadRegFile(text, source).Select(v => RunKeyTranslator.Parse(v, managed: false)));

    private static IEnumerable<BackgroundJobDefinition> Only(IReadOnlyList<ConfigurationEntry> entries, Func<BackgroundJobDefinition, bool> fits, string otherwise)
    {
        var misfit = entries.FirstOrDefault(e => !fits(e.Definition));
        return misfit is null ? entries.Select(e => e.Definition) : throw new UnsupportedFormatException($"{misfit.Definition.Name} {otherwise}.");
    }

    private static IEnumerable<(string Name, string Xml)> SplitTasks(string text, string source)
    {
        if (!text.StartsWith(TaskSeparator, StringComparison.Ordinal))
        {
            return new[] { (Path.GetFileNameWithoutExtension(source), text) };
        }

        return text.Split(new[] { TaskSeparator }, StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var end = part.IndexOf(" -->\n", StringComparison.Ordinal);
            var uri = end < 0 ? throw new FormatException($"{source}: a task separator line does not end with ' -->'.") : part.Substring(0, end);
            return (uri.Substring(uri.LastIndexOf('\\') + 1), part.Substring(end + 5));
        });
    }

    private static ConfigurationLoadResult Read(string source, Func<IEnumerable<BackgroundJobDefinition>> read)
    {
        try
        {
            var entries = read().Select(d => new ConfigurationEntry(d with { Managed = false, SourcePath = null })).ToList();
            return new ConfigurationLoadResult(new ConfigurationDocument(ConfigurationForm.Jobs, entries), Array.Empty<Finding>());
        }
        catch (FormatException ex)
        {
            return new ConfigurationLoadResult(null, new[] { new Finding(FindingSeverity.Error, "NativeInvalid", string.Empty, ex.Message) { Location = new SourceLocation(source, 1, 1) } });
        }
        catch (ConfigurationSyntaxException ex)
        {
            return new ConfigurationLoadResult(null, new[] { new Finding(FindingSeverity.Error, "NativeInvalid", string.Empty, ex.Message) { Location = ex.Location } });
        }
    }
}
