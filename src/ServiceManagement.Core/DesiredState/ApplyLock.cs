using System.Diagnostics;
using System.Globalization;
using ServiceManagement.Errors;

namespace ServiceManagement.DesiredState;

/// <summary>
/// The exclusive lock one apply holds at a time: an OS file lock (released by the kernel even when the
/// holder is killed), with the holder's description in a file beside it so that a waiter can name it. Both
/// live in a directory made the caller's own and 0700 before either is opened: a lock others can open they can
/// also flock (and so block every apply), and a holder file in a directory others can write they can replace
/// with a link. Platforms put that directory under a parent only its owner can write to.
/// </summary>
public sealed class ApplyLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _holderPath;

    private ApplyLock(FileStream stream, string holderPath)
    {
        _lock = stream;
        _holderPath = holderPath;
    }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for another holder to finish.</summary>
    public static ApplyLock Acquire(string path, TimeSpan timeout, string purpose)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var owner = IO.Posix.OwnerOnly with { Mode = 0b111_000_000 };
        IO.AtomicFile.CreateDirectory(directory, owner);
        IO.Posix.SetOwnership(directory, owner);
        var holderPath = path + ".holder";
        var watch = Stopwatch.StartNew();
        using var pause = new ManualResetEventSlim();
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                using (var self = Process.GetCurrentProcess())
                {
                    File.WriteAllText(holderPath, string.Format(CultureInfo.InvariantCulture, "pid {0}, {1}, since {2:u}", self.Id, purpose, DateTimeOffset.UtcNow));
                }

                return new ApplyLock(stream, holderPath);
            }
            catch (IOException) when (watch.Elapsed < timeout)
            {
                pause.Wait(TimeSpan.FromMilliseconds(50), Processes.Interruption.Token);
            }
            catch (IOException)
            {
                var holder = File.Exists(holderPath) ? File.ReadAllText(holderPath).Trim() : "holder unknown";
                throw new LockTimeoutException(path, holder, watch.Elapsed);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_holderPath);
        }
        finally
        {
            _lock.Dispose();
        }
    }
}
