using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// The Windows native forms for <c>svcmgmt convert</c>: <c>scm</c> (the service configuration as JSON; an
/// array for several), <c>task</c> (task XML, each task a well-formed document of its own — its UTF-8 declaration,
/// then a <c>&lt;!-- ---- \ServiceManagement\NAME --&gt;</c> comment naming it, then the task — so that one task is a
/// file schtasks /create /xml takes, and several are documents one after another) and <c>runkey</c> (a .reg file).
/// Each reads back what it writes; a user task that names nobody is written for the user who converts.
/// </summary>
internal static class WindowsFormats
{
    /// <summary>Opens each task's document, after its declaration; a comment may not hold "--", so no dashes.</summary>
    private const string TaskSeparator = "<!-- task: ";

    /// <summary>What earlier versions wrote before each task (not well-formed XML: a comment holding "--"), still read.</summary>
    private const string LegacyTaskSeparator = "<!-- ---- ";
    private const string Utf8Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    public static string WriteServices(IReadOnlyList<ConfigurationEntry> entries)
    {
        var services = Only(entries, d => PlatformTargets.For(TargetOperatingSystem.Windows, d) == JobPlatform.WindowsService, "is not a daemon without a schedule; only those are services (--to task or --to runkey)")
            .Select(d => ServiceTranslator.Render(d).ToJson().TrimEnd('\n')).ToList();
        return services.Count == 1 ? services[0] + "\n" : "[\n" + string.Join(",\n", services) + "\n]\n";
    }

    public static string WriteTasks(IReadOnlyList<ConfigurationEntry> entries) =>
        string.Concat(Only(entries, d => PlatformTargets.For(TargetOperatingSystem.Windows, d) == JobPlatform.WindowsTask, "is not an agent or a scheduled daemon; only those are tasks (--to scm or --to runkey)")
            .Select(d => Utf8Declaration + TaskSeparator + TaskTranslator.Path(d) + " -->\n" + WithoutDeclaration(TaskTranslator.Render(d, Environment.UserName))));

    /// <summary>A task's XML without its declaration, which names the encoding of the file the store writes (UTF-16), not this text's.</summary>
    private static string WithoutDeclaration(string xml) =>
        xml.StartsWith("<?xml", StringComparison.Ordinal) ? xml.Substring(xml.IndexOf("?>", StringComparison.Ordinal) + 2).TrimStart('\r', '\n') : xml;

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

    /// <summary>
    /// The tasks of a text: documents one after another, each named by the separator comment that opens it (after
    /// its declaration, if any); a single document without one is named by the file.
    /// </summary>
    private static IEnumerable<(string Name, string Xml)> SplitTasks(string text, string source)
    {
        text = text.Replace(LegacyTaskSeparator, TaskSeparator);
        var parts = text.Split(new[] { "<?xml" }, StringSplitOptions.None)
            .Select((part, i) => i == 0 ? part : part.Substring(part.IndexOf("?>", StringComparison.Ordinal) is var end && end >= 0 ? end + 2 : throw new FormatException($"{source}: an XML declaration does not end with '?>'.")))
            .Select(part => part.TrimStart('\uFEFF', '\r', '\n', ' ', '\t'))
            .Where(part => part.Length > 0)
            .SelectMany(part => part.StartsWith(TaskSeparator, StringComparison.Ordinal)
                ? part.Split(new[] { TaskSeparator }, StringSplitOptions.RemoveEmptyEntries)
                : new[] { part })
            .ToList();
        if (parts.Count == 1 && !text.Contains(TaskSeparator))
        {
            return new[] { (Path.GetFileNameWithoutExtension(source), parts[0]) };
        }

        return parts.Select(part =>
        {
            var end = part.IndexOf(" -->", StringComparison.Ordinal);
            var uri = end < 0 ? throw new FormatException($"{source}: each of several tasks opens with a '{TaskSeparator}\\FOLDER\\NAME -->' comment.") : part.Substring(0, end);
            return (uri.Substring(uri.LastIndexOf('\\') + 1), part.Substring(end + 4).TrimStart('\r', '\n'));
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
