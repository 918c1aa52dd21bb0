using ServiceManagement.IO;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>Where systemd looks: which file defines a unit, its drop-ins, and what is enabled.</summary>
internal sealed partial class SystemdStore
{
    private sealed record UnitPath(string Path, bool Masked);

    /// <summary>
    /// Unit name → the file that defines it, the first directory in the search path winning. Asked for some
    /// names, only the files that can belong to them are looked at (their own, every template and every
    /// socket, and a template's namesake service), so one job's inventory does not read a link per unit file of the machine.
    /// </summary>
    private static Dictionary<string, UnitPath> Catalogue(IReadOnlyList<string> directories, Listings listings, Text.WildcardSet? patterns)
    {
        // NAME.service is looked at for NAME@ too: whether it exists tells a template of its own from one a socket's connections start (SystemdUnitNames).
        bool Relevant(string name, string suffix) =>
            patterns is null || suffix == ".socket" || name.EndsWith("@" + suffix, StringComparison.Ordinal)
            || patterns.IsMatch(name.Substring(0, name.Length - suffix.Length)) || (suffix == ".service" && patterns.IsMatch(name.Substring(0, name.Length - suffix.Length) + "@"));

        var units = new Dictionary<string, UnitPath>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            foreach (var (name, type) in listings.Of(directory))
            {
                var suffix = JobUnitSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal));
                if (suffix is null || units.ContainsKey(name) || !Relevant(name, suffix) || type is DirectoryEntryType.Directory or DirectoryEntryType.Other)
                {
                    continue;
                }

                // A link to /dev/null, or an empty file, masks the unit; a link named as its target links a unit file
                // from elsewhere; a link under another name is an alias, which is not a job of its own.
                var path = Path.Combine(directory, name);
                var target = type == DirectoryEntryType.File ? null : Posix.ReadLink(path);
                if (type == DirectoryEntryType.Unknown && target is null && Directory.Exists(path))
                {
                    continue;
                }

                if (target == "/dev/null" || (target is null && new FileInfo(path).Length == 0))
                {
                    units[name] = new UnitPath(path, Masked: true);
                }
                else if (target is null || Path.GetFileName(target) == name)
                {
                    units[name] = new UnitPath(path, Masked: false);
                }
            }
        }

        return units;
    }

    /// <summary>
    /// The search path's existing directories, each once: where /lib is a link to /usr/lib (merged /usr) both
    /// name one directory, which systemd too reads once (lookup_paths_reduce).
    /// </summary>
    private static IEnumerable<string> DistinctDirectories(IReadOnlyList<string> searchPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in searchPath.Where(Directory.Exists))
        {
            if (seen.Add(Posix.RealPath(directory) ?? directory))
            {
                yield return directory;
            }
        }
    }

    /// <summary>
    /// Each directory's entries, listed once for one reading of a manager's jobs: the catalogue, the enablement
    /// scan and the drop-in index look at the same directories (/etc/systemd/system three times).
    /// </summary>
    private sealed class Listings
    {
        private readonly Dictionary<string, IReadOnlyList<(string Name, DirectoryEntryType Type)>> _byDirectory = new(StringComparer.Ordinal);

        public IReadOnlyList<(string Name, DirectoryEntryType Type)> Of(string directory) =>
            _byDirectory.TryGetValue(directory, out var entries) ? entries : _byDirectory[directory] = Entries(directory);
    }

    /// <summary>A directory's entries and their types, from readdir where it can say, else from .NET (a stat each).</summary>
    private static IReadOnlyList<(string Name, DirectoryEntryType Type)> Entries(string directory) =>
        Posix.ListDirectory(directory)
        ?? Directory.EnumerateFileSystemEntries(directory).Select(path =>
            (Path.GetFileName(path), new FileInfo(path).Attributes switch
            {
                var a when a.HasFlag(FileAttributes.ReparsePoint) => DirectoryEntryType.Link,
                var a when a.HasFlag(FileAttributes.Directory) => DirectoryEntryType.Directory,
                _ => DirectoryEntryType.File,
            })).ToList();

    /// <summary>
    /// The drop-in directories (<c>*.d</c>) of a search path, listed once, and the drop-in files of a unit in
    /// the order systemd applies them: sorted by file name, the first search directory winning a tie. Asking
    /// each unit's candidate directories of every search directory cost a stat each (2000 for 200 units).
    /// </summary>
    private sealed class DropInIndex
    {
        private readonly IReadOnlyList<string> _searchPath;
        private readonly HashSet<string> _directories;

        public DropInIndex(IReadOnlyList<string> directories, Listings listings)
        {
            _searchPath = directories;
            _directories = new HashSet<string>(
                _searchPath.SelectMany(d => listings.Of(d)
                    .Where(e => e.Name.EndsWith(".d", StringComparison.Ordinal) && e.Type is not (DirectoryEntryType.File or DirectoryEntryType.Other)
                        && (e.Type == DirectoryEntryType.Directory || Directory.Exists(Path.Combine(d, e.Name))))
                    .Select(e => Path.Combine(d, e.Name))),
                StringComparer.Ordinal);
        }

        public IEnumerable<string> For(string unitName)
        {
            var suffix = unitName.Substring(unitName.LastIndexOf('.'));
            var stem = unitName.Substring(0, unitName.Length - suffix.Length);
            var directories = new List<string> { suffix.Substring(1) + ".d" };
            var dash = stem.IndexOf('-');
            while (dash > 0)
            {
                directories.Add(stem.Substring(0, dash + 1) + suffix + ".d");
                dash = stem.IndexOf('-', dash + 1);
            }

            if (IsInstance(unitName))
            {
                directories.Add(Template(unitName) + ".d");
            }

            directories.Add(unitName + ".d");
            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var root in _searchPath)
            {
                foreach (var directory in directories.Select(d => Path.Combine(root, d)).Where(_directories.Contains))
                {
                    foreach (var file in Directory.EnumerateFiles(directory, "*.conf"))
                    {
                        var fileName = Path.GetFileName(file);
                        if (!byName.ContainsKey(fileName))
                        {
                            byName[fileName] = file;
                        }
                    }
                }
            }

            return byName.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value);
        }
    }

    /// <summary>Names linked from the manager's <c>*.wants/</c> and <c>*.requires/</c> directories.</summary>
    private HashSet<string> EnabledUnits(SystemdManager manager, Listings listings)
    {
        var configDirectories = manager switch
        {
            { IsGlobal: true } => new[] { _layout.PathOf("/etc/systemd/user") },
            { Scope: JobScope.User } => new[] { _layout.PersonalUnitDirectories(manager.User!)[0], _layout.PathOf("/etc/systemd/user") },
            _ => new[] { _layout.PathOf("/etc/systemd/system") },
        };
        var enabled = new HashSet<string>(StringComparer.Ordinal);
        // readdir's own entry types: the links beside the .wants directories (masks, aliases, linked units) are
        // not looked at one by one, as .NET's EnumerateDirectories does to learn whether each leads to a directory.
        foreach (var directory in configDirectories.Where(Directory.Exists))
        {
            foreach (var (name, type) in listings.Of(directory))
            {
                var wants = Path.Combine(directory, name);
                if ((name.EndsWith(".wants", StringComparison.Ordinal) || name.EndsWith(".requires", StringComparison.Ordinal))
                    && (type == DirectoryEntryType.Directory || (type is DirectoryEntryType.Link or DirectoryEntryType.Unknown && Directory.Exists(wants))))
                {
                    enabled.UnionWith(Entries(wants).Select(e => e.Name));
                }
            }
        }

        return enabled;
    }

    private static bool IsInstance(string unitName) => unitName.IndexOf('@') is var at && at > 0 && unitName.IndexOf('.', at) > at + 1;

    private static string Template(string unitName) =>
        unitName.Substring(0, unitName.IndexOf('@') + 1) + unitName.Substring(unitName.LastIndexOf('.'));
}
