using System.Text;
using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Platforms.Xdg;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Linux;

/// <summary>
/// The Linux native formats for <c>svcmgmt convert</c>. Several unit files travel as one text, each
/// preceded by a <c># ---- FILE NAME</c> line; a lone .service file is read with the .timer and .socket
/// files of the same name beside it. A job's secret values travel as its secrets file,
/// <c># ---- servicemanagement/secrets/NAME.env</c>: written only when the input gave the values.
/// </summary>
internal static class LinuxFormats
{
    private const string Separator = "# ---- ";

    public static string WriteUnits(IReadOnlyList<ConfigurationEntry> entries)
    {
        var loginItem = entries.FirstOrDefault(e => e.Definition.Kind == JobKind.LoginItem);
        if (loginItem is not null)
        {
            throw new UnsupportedFormatException($"{loginItem.Definition.Name} is a login item; on Linux login items are desktop entries (--to desktop).");
        }

        return Concatenate(entries.SelectMany(e => SystemdTranslator.Render(e.Definition)));
    }

    public static string WriteDesktopEntries(IReadOnlyList<ConfigurationEntry> entries)
    {
        var other = entries.FirstOrDefault(e => e.Definition.Kind != JobKind.LoginItem);
        if (other is not null)
        {
            throw new UnsupportedFormatException($"{other.Definition.Name} is a{(other.Definition.Kind == JobKind.Agent ? "n agent" : " daemon")}; only login items are desktop entries (--to systemd).");
        }

        return Concatenate(entries.Select(e => DesktopEntryTranslator.Render(e.Definition)));
    }

    public static ConfigurationLoadResult ReadUnits(string text, string source)
    {
        var files = Split(text, source, ".service", ".timer", ".socket", ".path");
        var findings = new List<Finding>();
        if (files.Count == 1 && files[0].Name.EndsWith(".service", StringComparison.Ordinal) && File.Exists(source))
        {
            var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, Path.GetFileNameWithoutExtension(source));
            files.AddRange(new[] { ".timer", ".socket", ".path" }.Where(s => File.Exists(stem + s)).Select(s => (Path.GetFileName(stem + s), File.ReadAllText(stem + s))));
        }

        if (files.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            findings.Add(new Finding(FindingSeverity.Error, "UnitTwice", string.Empty, $"The unit {twice.Key} is given twice.") { Location = new SourceLocation(source, 1, 1) });
            return new ConfigurationLoadResult(null, findings);
        }

        var secretsFiles = files.Where(f => f.Name.StartsWith(SystemdSecrets.RelativeDirectory, StringComparison.Ordinal)).ToList();
        var secrets = new Dictionary<string, ValueMap<string>>(StringComparer.Ordinal);
        foreach (var secretsFile in secretsFiles)
        {
            try
            {
                secrets[secretsFile.Name] = SystemdSecrets.Parse(secretsFile.Text, source + ": " + secretsFile.Name);
            }
            catch (InvalidDefinitionException ex)
            {
                findings.AddRange(ex.Findings);
            }
        }

        // The bus's files of an activated job (dbus-1/…) go with its units when they are written out; its service says its name.
        var busServices = files.Where(f => f.Name.StartsWith("dbus-1/", StringComparison.Ordinal) && f.Name.EndsWith(".service", StringComparison.Ordinal))
            .Select(f => UnitFile.Parse(f.Text, source, findings))
            .ToLookup(f => f.Last(BusActivation.Section, "SystemdService") ?? string.Empty, f => f.Last(BusActivation.Section, "Name"), StringComparer.Ordinal);
        var parsed = files.Except(secretsFiles).Where(f => f.Name.IndexOf('/') < 0).ToDictionary(f => f.Name, f => UnitFile.Parse(f.Text, source, findings), StringComparer.Ordinal);
        var entries = new List<ConfigurationEntry>();
        foreach (var service in parsed.Keys.Where(n => n.EndsWith(".service", StringComparison.Ordinal)))
        {
            var name = SystemdUnitNames.JobName(service, parsed.ContainsKey);
            var sockets = parsed.Where(p => p.Key == name + ".socket" || (p.Key.EndsWith(".socket", StringComparison.Ordinal) && p.Value.Last("Socket", "Service") == service))
                .OrderBy(p => p.Key == name + ".socket" ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
            var units = new SystemdUnits(name, parsed[service])
            {
                Timer = parsed.TryGetValue(name + ".timer", out var timer) ? timer : null,
                Sockets = sockets,
                Path = parsed.TryGetValue(name + ".path", out var path) ? path : null,
                BusActivatedAs = busServices[service].FirstOrDefault(),
                Secrets = secrets.TryGetValue(SystemdSecrets.FileName(name), out var secretsFile) ? secretsFile : null,
            };
            entries.Add(new ConfigurationEntry(SystemdTranslator.Parse(units, JobKind.Daemon, JobScope.System)) { EntryPath = service });
        }

        if (entries.Count == 0)
        {
            findings.Add(new Finding(FindingSeverity.Error, "NoService", string.Empty, "No .service unit was found.") { Location = new SourceLocation(source, 1, 1) });
        }

        return new ConfigurationLoadResult(new ConfigurationDocument(ConfigurationForm.Jobs, entries), findings);
    }

    public static ConfigurationLoadResult ReadDesktopEntries(string text, string source)
    {
        var findings = new List<Finding>();
        var entries = Split(text, source, ".desktop")
            .Where(f => f.Name.EndsWith(".desktop", StringComparison.Ordinal))
            .Select(f => new ConfigurationEntry(DesktopEntryTranslator.Parse(Path.GetFileNameWithoutExtension(f.Name), UnitFile.Parse(f.Text, source, findings), JobScope.User)) { EntryPath = f.Name })
            .ToList();
        return new ConfigurationLoadResult(new ConfigurationDocument(ConfigurationForm.Jobs, entries), findings);
    }

    private static string Concatenate(IEnumerable<NativeFile> files)
    {
        var list = files.ToList();
        var builder = new StringBuilder();
        foreach (var file in list)
        {
            if (list.Count > 1)
            {
                builder.Append(builder.Length > 0 ? "\n" : string.Empty).Append(Separator).Append(file.Name).Append('\n');
            }

            builder.Append(file.Content);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The files of a text: each after a separator line naming it; before any, the file itself — named by the file
    /// when its name ends in one of <paramref name="types"/>, else as the first of them (a file recognised by its
    /// content, such as a unit named <c>x.txt</c>).
    /// </summary>
    private static List<(string Name, string Text)> Split(string text, string source, params string[] types)
    {
        var files = new List<(string Name, StringBuilder Text)>();
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith(Separator, StringComparison.Ordinal))
            {
                files.Add((line.Substring(Separator.Length).Trim(), new StringBuilder()));
            }
            else
            {
                if (files.Count == 0)
                {
                    var name = Path.GetFileName(source);
                    files.Add((types.Any(t => name.EndsWith(t, StringComparison.Ordinal)) ? name : Path.GetFileNameWithoutExtension(source) + types[0], new StringBuilder()));
                }

                files[files.Count - 1].Text.Append(line).Append('\n');
            }
        }

        return files.Select(f => (f.Name, f.Text.ToString())).ToList();
    }
}
