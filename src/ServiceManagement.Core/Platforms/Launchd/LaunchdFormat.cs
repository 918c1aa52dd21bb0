using System.Text;
using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// launchd plists for <c>svcmgmt convert</c>: one plist (XML or binary) read; each job written as XML,
/// several separated by <c># ---- NAME.plist</c> lines as for systemd units.
/// </summary>
internal static class LaunchdFormat
{
    public static ConfigurationLoadResult Read(byte[] bytes, string source)
    {
        try
        {
            if (PropertyList.Read(bytes) is not RawMap plist)
            {
                throw new PropertyListException("the top value is not a dictionary");
            }

            var name = Path.GetFileNameWithoutExtension(source);
            var kind = plist.Entries.ContainsKey("LimitLoadToSessionType") ? JobKind.Agent : JobKind.Daemon;
            var definition = LaunchdTranslator.Parse(plist, name, kind, kind == JobKind.Daemon ? JobScope.System : JobScope.User);
            return new ConfigurationLoadResult(new ConfigurationDocument(ConfigurationForm.Jobs, new[] { new ConfigurationEntry(definition) { EntryPath = Path.GetFileName(source) } }), Array.Empty<Finding>());
        }
        catch (PropertyListException ex)
        {
            return new ConfigurationLoadResult(null, new[] { new Finding(FindingSeverity.Error, "PlistInvalid", string.Empty, "Not a property list: " + ex.Message) { Location = new SourceLocation(source, 1, 1) } });
        }
    }

    public static string Write(IReadOnlyList<ConfigurationEntry> entries)
    {
        var files = entries.Select(e => LaunchdTranslator.Render(e.Definition)).ToList();
        if (files.Count == 1)
        {
            return files[0].Content;
        }

        var builder = new StringBuilder();
        foreach (var file in files)
        {
            builder.Append(builder.Length > 0 ? "\n" : string.Empty).Append("# ---- ").Append(file.Name).Append('\n').Append(file.Content);
        }

        return builder.ToString();
    }
}
