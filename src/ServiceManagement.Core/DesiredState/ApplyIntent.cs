using System.Text;
using ServiceManagement.Model;
using ServiceManagement.Platforms;

namespace ServiceManagement.DesiredState;

/// <summary>
/// What an apply is about to change, recorded durably (written atomically and flushed) before its first write
/// and cleared once the managers acted: a job named here whose files are already as declared may still run its
/// previous definition (the apply was killed between writing and restarting), so the next plan treats it as
/// drift and the next apply reloads its manager and restarts it. The record sits beside the apply lock, in the
/// directory only its owner can enter; a record nobody can read is no record.
/// </summary>
internal static class ApplyIntent
{
    private const int MaxBytes = 1024 * 1024;

    public static string PathFor(IPlatform platform) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(platform.LockPath))!, "intent");

    /// <summary>Records the jobs a commit is about to change, before it changes anything.</summary>
    public static void Record(IPlatform platform, IEnumerable<StagedJob> jobs)
    {
        var text = new StringBuilder();
        foreach (var definition in jobs.Select(j => j.Desired ?? j.Existing!.Definition))
        {
            text.Append(EnumNames.YamlName(definition.Kind.ToString())).Append('\t')
                .Append(EnumNames.YamlName(definition.Scope.ToString())).Append('\t')
                .Append(definition.User ?? string.Empty).Append('\t')
                .Append(definition.Name).Append('\n');
        }

        IO.CrashPoints.Step("record the intent");
        IO.AtomicFile.WriteAllText(PathFor(platform), text.ToString(), IO.Posix.OwnerOnly);
    }

    public static void Clear(IPlatform platform)
    {
        var path = PathFor(platform);
        IO.CrashPoints.Step("clear the intent");
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>The jobs an apply that did not finish had set out to change; none when there is no such apply.</summary>
    public static IReadOnlyList<BackgroundJobDefinition> Unfinished(IPlatform platform)
    {
        var path = PathFor(platform);
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length > MaxBytes)
            {
                return Array.Empty<BackgroundJobDefinition>();
            }

            var kinds = EnumNames.Of<JobKind>();
            var scopes = EnumNames.Of<JobScope>();
            return File.ReadAllLines(path)
                .Select(line => line.Split('\t'))
                .Where(f => f.Length == 4 && kinds.ContainsKey(f[0]) && scopes.ContainsKey(f[1]))
                .Select(f => new BackgroundJobDefinition(f[3], kinds[f[0]], scopes[f[1]]) { User = f[2].Length == 0 ? null : f[2] })
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<BackgroundJobDefinition>();
        }
    }
}
