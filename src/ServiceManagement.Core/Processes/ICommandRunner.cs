using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ServiceManagement.Errors;

namespace ServiceManagement.Processes;

/// <summary>A program and its arguments, passed as an argv array (never through a shell).</summary>
public sealed record CommandLine(string Program, IReadOnlyList<string> Arguments)
{
    public static CommandLine Of(string program, params string[] arguments) => new(program, arguments);

    public override string ToString() => string.Join(" ", new[] { Program }.Concat(Arguments).Select(a => a.Length > 0 && a.All(c => !char.IsWhiteSpace(c) && c is not '"' and not '\'') ? a : "'" + a.Replace("'", "'\\''") + "'"));
}

public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs external programs; the seam tests use to assert argv without running anything.</summary>
public interface ICommandRunner
{
    CommandResult Run(CommandLine command);
}

/// <summary>Runs programs for real, capturing both output streams.</summary>
internal sealed class ProcessCommandRunner : ICommandRunner
{
    public CommandResult Run(CommandLine command)
    {
        if (command is null)
        {
            throw new ArgumentNullException(nameof(command));
        }

        var start = new ProcessStartInfo(command.Program, string.Join(" ", command.Arguments.Select(Escape)))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["SYSTEMD_PAGER"] = string.Empty;
        start.Environment["SYSTEMD_COLORS"] = "0";
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Start(start, command);
        process.StandardInput.Close();
        var output = new Collector(process.StandardOutput);
        var error = new Collector(process.StandardError);
        var stop = Interruption.Token;
        while (!process.WaitForExit((int)Interruption.CheckInterval.TotalMilliseconds))
        {
            if (stop.IsCancellationRequested)
            {
                // A program asked to stop is ended, not left behind: nothing it was doing is waited for.
                process.Kill();
                process.WaitForExit();
                stop.ThrowIfCancellationRequested();
            }
        }

        process.WaitForExit();
        return new CommandResult(process.ExitCode, output.Text(), error.Text());
    }

    /// <summary>
    /// Starts the program, again up to twice when the system says the failure was its own passing state: a
    /// program that failed to start never ran, so starting it again cannot do anything twice.
    /// </summary>
    private static Process Start(ProcessStartInfo start, CommandLine command)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Process.Start(start) ?? throw new PlatformException($"Could not start {command.Program}.");
            }
            catch (System.ComponentModel.Win32Exception ex) when (attempt < 3 && StartMayBeRetried(ex.NativeErrorCode, RuntimeInformation.IsOSPlatform(OSPlatform.Windows)))
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(100 * attempt * attempt));
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new PlatformException($"Could not run {command.Program}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Whether a failure to start a program is transient: on Windows ERROR_INTERNAL_ERROR (1359), which Wine
    /// reports when a new process fails during its start-up under load; elsewhere EAGAIN (11), fork's
    /// "resource temporarily unavailable". A missing or forbidden program is never retried.
    /// </summary>
    internal static bool StartMayBeRetried(int nativeErrorCode, bool windows) => nativeErrorCode == (windows ? 1359 : 11);

    /// <summary>
    /// Everything a stream delivers, read as it comes. Once the program has exited its output is taken after
    /// at most <see cref="Grace"/> more: a process it started (a service, wineserver) may hold the pipe open
    /// long after, and waiting for the end of the stream would wait for that process.
    /// </summary>
    private sealed class Collector
    {
        private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
        private readonly StringBuilder _text = new();
        private readonly Task _reading;

        public Collector(StreamReader reader) => _reading = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
            {
                lock (_text)
                {
                    _text.Append(buffer, 0, read);
                }
            }
        });

        public string Text()
        {
            _reading.Wait(Grace);
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Quotes one argument so that the runtime's argv parsing gives it back unchanged.</summary>
    private static string Escape(string argument)
    {
        if (argument.Length > 0 && argument.All(c => !char.IsWhiteSpace(c) && c is not '"' and not '\\'))
        {
            return argument;
        }

        var builder = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            builder.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
            backslashes = 0;
            builder.Append(c);
        }

        return builder.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
