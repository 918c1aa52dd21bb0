using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Xdg;

/// <summary>
/// Finds, reads, writes and deletes XDG autostart entries: a user's in $XDG_CONFIG_HOME/autostart
/// (~/.config/autostart), everyone's in each $XDG_CONFIG_DIRS/autostart (/etc/xdg/autostart). New
/// entries go only to ~/.config/autostart and /etc/xdg/autostart, atomically, 0644.
/// </summary>
internal sealed class AutostartStore
{
    private readonly LinuxLayout _layout;

    public AutostartStore(LinuxLayout layout) => _layout = layout;

    /// <summary>Every autostart entry, or those whose names match <paramref name="names"/> (wildcards).</summary>
    public IReadOnlyList<InstalledJob> Inventory(JobQuery query)
    {
        var jobs = new List<InstalledJob>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (query.Admits(JobKind.LoginItem, JobScope.System))
        {
            foreach (var directory in _layout.SystemAutostartDirectories)
            {
                // The first XDG_CONFIG_DIRS entry that has a file wins, as in the specification.
                jobs.AddRange(Read(directory, JobScope.System, null, query.Names).Where(j => seen.Add(j.Definition.Name)));
            }
        }

        if (query.Admits(JobKind.LoginItem, JobScope.User))
        {
            foreach (var user in _layout.InventoryUsers)
            {
                jobs.AddRange(Read(_layout.PersonalAutostartDirectory(user), JobScope.User, user.Name, query.Names));
            }
        }

        return jobs;
    }

    public string WriteDirectory(JobScope scope, PosixUser? user) =>
        scope == JobScope.System ? _layout.SystemAutostartDirectory : _layout.PersonalAutostartDirectory(user!);

    public FileChange Change(NativeFile file, JobScope scope, PosixUser? user, bool secret)
    {
        var path = Path.Combine(WriteDirectory(scope, user), file.Name);
        var ownership = UserFiles.Ownership(user, secret);
        return new FileChange(path, UserFiles.TextOf(path), file.Content) { Ownership = ownership };
    }

    public IReadOnlyList<FileChange> PlanDeletion(InstalledJob job) =>
        job.Files.Take(1).Where(File.Exists).Select(p => new FileChange(p, UserFiles.TextOf(p), null)).ToList();

    private static IEnumerable<InstalledJob> Read(string directory, JobScope scope, string? user, IReadOnlyList<string>? names)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var matcher = new Text.WildcardSet(names);
        foreach (var path in Directory.EnumerateFiles(directory, "*.desktop").OrderBy(p => p, StringComparer.Ordinal).Where(p => matcher.IsMatch(Path.GetFileNameWithoutExtension(p))))
        {
            var findings = new List<Finding>();
            UnitFile entry;
            try
            {
                entry = UnitFile.Parse(File.ReadAllText(path), path, findings);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                findings.Add(new Finding(FindingSeverity.Error, "EntryUnreadable", string.Empty, $"{path} could not be read: {ex.Message}") { Location = new SourceLocation(path, 1, 1) });
                entry = new UnitFile(Array.Empty<UnitSection>());
            }

            if (entry.Sections.All(s => s.Name != DesktopEntryTranslator.Group))
            {
                findings.Add(new Finding(FindingSeverity.Warning, "EntryMalformed", string.Empty, $"{path} has no [{DesktopEntryTranslator.Group}] group; autostart ignores it.") { Location = new SourceLocation(path, 1, 1) });
            }

            var name = Path.GetFileNameWithoutExtension(path);
            var definition = DesktopEntryTranslator.Parse(name, entry, scope, user) with { SourcePath = path };
            var hidden = entry.Last(DesktopEntryTranslator.Group, "Hidden") == "true" || entry.Last(DesktopEntryTranslator.Group, "X-GNOME-Autostart-enabled") == "false";
            yield return new InstalledJob(definition) { Files = new[] { path }, Findings = findings, Enabled = !hidden };
        }
    }
}
