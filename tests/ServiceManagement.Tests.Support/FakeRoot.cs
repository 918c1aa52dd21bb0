using ServiceManagement.Platforms;
using ServiceManagement.Platforms.Freedesktop;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Platforms.Systemd;
using ServiceManagement.Processes;

namespace ServiceManagement.Tests.Support;

/// <summary>A throwaway directory tree standing in for / : units, users, homes and runtime directories.</summary>
internal sealed class FakeRoot : IDisposable
{
    public static readonly PosixUser Root = new("root", 0, 0, "/root");
    public static readonly PosixUser Alice = new("alice", 1000, 1000, "/home/alice");

    public FakeRoot()
    {
        Path = Directory.CreateTempSubdirectory("sm-root-").FullName;
        Write("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\nnobody:x:65534:65534::/nonexistent:/bin/false\n");
        Directory.CreateDirectory(Of("/home/alice"));
    }

    public string Path { get; }

    public LinuxLayout Layout(PosixUser? user = null, string? xdgConfigHome = null, string? xdgConfigDirs = null) =>
        new LinuxLayout("/", user ?? Root, xdgConfigHome, xdgConfigDirs).WithRoot(Path);

    /// <summary>The Linux backend over this tree; its commands go to <paramref name="runner"/> (a fake that answers success by default).</summary>
    public LinuxPlatform Platform(ICommandRunner? runner = null, PosixUser? user = null, SystemdTransport transport = SystemdTransport.Auto) =>
        new(Layout(user), runner ?? new FakeCommandRunner(), transport);

    public string Of(string absolute) => System.IO.Path.Combine(Path, absolute.TrimStart('/'));

    public string Write(string absolute, string content)
    {
        var path = Of(absolute);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Link(string absolute, string target)
    {
        var path = Of(absolute);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    /// <summary>Makes the system manager (and optionally a user's) look running, as their runtime directories do.</summary>
    public void Running(params PosixUser[] users)
    {
        Directory.CreateDirectory(Of("/run/systemd/system"));
        foreach (var user in users)
        {
            Directory.CreateDirectory(Of($"/run/user/{user.Id}/systemd"));
        }
    }

    public static (int Uid, int Gid, string Mode) Stat(string path)
    {
        var parts = new ProcessCommandRunner().Run(CommandLine.Of("stat", "-c", "%u %g %a", path)).StandardOutput.Trim().Split(' ');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
