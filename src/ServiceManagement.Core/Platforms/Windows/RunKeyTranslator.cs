using System.Globalization;
using System.Text;
using ServiceManagement.Errors;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Windows;

/// <summary>A login item as Windows keeps it: a value under a Run key, and its StartupApproved switch.</summary>
internal sealed record RunValue(string Key, string Name, string CommandLine, bool Enabled)
{
    /// <summary>The StartupApproved key that switches values of <see cref="Key"/> on and off.</summary>
    public string ApprovalKey => RunKeyTranslator.ApprovalKeyOf(Key);
}

/// <summary>
/// Login items as Run values: <c>HKCU\…\Run</c> for one user, <c>HKLM\…\Run</c> for every user; the value is
/// the quoted command line, and startup type disabled or manual is the StartupApproved "disabled" value,
/// as Task Manager writes it. The text form (<c>svcmgmt convert --to runkey</c>) is a .reg file, which
/// regedit imports.
/// </summary>
internal static class RunKeyTranslator
{
    public const string UserRun = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    public const string MachineRun = "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    private const string RegHeader = "Windows Registry Editor Version 5.00";

    public static RunValue Render(BackgroundJobDefinition d)
    {
        if (d?.Program is null)
        {
            throw new ArgumentException("A login item needs a program.", nameof(d));
        }

        if (d.Windows.Count > 0)
        {
            throw new UnsupportedFormatException($"{d.Name}: a Run value takes no raw Windows settings ({string.Join(", ", d.Windows.Keys)}).");
        }

        return new RunValue(d.Scope == JobScope.System ? MachineRun : UserRun, d.Name, WindowsCommandLine.Join(d.Program, d.Arguments), d.StartupType is null or StartupType.Automatic);
    }

    public static BackgroundJobDefinition Parse(RunValue value, bool managed)
    {
        var argv = WindowsCommandLine.Split((value ?? throw new ArgumentNullException(nameof(value))).CommandLine);
        return new BackgroundJobDefinition(value.Name, JobKind.LoginItem, value.Key.StartsWith("HKEY_LOCAL_MACHINE", StringComparison.OrdinalIgnoreCase) ? JobScope.System : JobScope.User)
        {
            Program = argv[0],
            Arguments = ValueList<string>.From(argv.Skip(1)),
            StartupType = value.Enabled ? null : StartupType.Disabled,
            Managed = managed,
            Platform = JobPlatform.WindowsRunKey,
            Origin = JobOrigin.Machine,
            SourcePath = value.Key + "\\" + value.Name,
        };
    }

    /// <summary><c>…\CurrentVersion\Run</c> → <c>…\CurrentVersion\Explorer\StartupApproved\Run</c> (RunOnce and WOW6432Node alike).</summary>
    public static string ApprovalKeyOf(string runKey)
    {
        var at = runKey.LastIndexOf("\\CurrentVersion\\", StringComparison.OrdinalIgnoreCase);
        var hive = runKey.Substring(0, runKey.IndexOf('\\'));
        var wow = runKey.IndexOf("\\WOW6432Node\\", StringComparison.OrdinalIgnoreCase) >= 0;
        var last = runKey.Substring(at + "\\CurrentVersion\\".Length);
        return hive + "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\" + (wow ? last + "32" : last);
    }

    /// <summary>Values as a .reg file: each Run value, then its StartupApproved switch (disabled without a date, which Explorer accepts).</summary>
    public static string WriteRegFile(IEnumerable<RunValue> values)
    {
        var output = new StringBuilder(RegHeader).Append('\n');
        foreach (var value in values)
        {
            output.Append('\n').Append('[').Append(value.Key).Append("]\n");
            output.Append(Quote(value.Name)).Append('=').Append(Quote(value.CommandLine)).Append('\n');
            output.Append('\n').Append('[').Append(value.ApprovalKey).Append("]\n");
            var approval = StartupApproved.Encode(value.Enabled, value.Enabled ? null : DateTimeOffset.FromFileTime(0));
            output.Append(Quote(value.Name)).Append("=hex:").Append(string.Join(",", approval.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)))).Append('\n');
        }

        return output.ToString();
    }

    /// <summary>Reads Run values (and their StartupApproved switches) back from a .reg file.</summary>
    public static IReadOnlyList<RunValue> ReadRegFile(string text, string source)
    {
        var lines = (text ?? string.Empty).Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].TrimStart('\uFEFF') != RegHeader)
        {
            throw new FormatException($"{source}: not a .reg file (the first line is not '{RegHeader}').");
        }

        var commands = new List<(string Key, string Name, string Value)>();
        var approvals = new Dictionary<(string, string), bool>();
        string? key = null;
        for (var number = 1; number < lines.Length; number++)
        {
            var line = lines[number].Trim();
            if (line.Length == 0 || line.StartsWith(";", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith("[", StringComparison.Ordinal) && line.EndsWith("]", StringComparison.Ordinal))
            {
                key = line.Substring(1, line.Length - 2);
                if (key.IndexOf('\\') <= 0 || key.IndexOf("\\CurrentVersion\\", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    throw new FormatException($"{source}:{number + 1}: [{key}] is not a Run or StartupApproved key (HIVE\\…\\CurrentVersion\\…).");
                }

                continue;
            }

            var (name, rest) = ReadQuoted(line, 0, source, number + 1);
            if (key is null || rest >= line.Length || line[rest] != '=')
            {
                throw new FormatException($"{source}:{number + 1}: expected \"name\"=value under a [key].");
            }

            if (line.Substring(rest + 1).StartsWith("hex:", StringComparison.Ordinal))
            {
                var bytes = line.Substring(rest + 5).Split(',').Select(h => h.Trim().Length is 1 or 2 && byte.TryParse(h.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b)
                    ? b
                    : throw new FormatException($"{source}:{number + 1}: '{h.Trim()}' is not a hex byte (00 to ff).")).ToArray();
                approvals[(key, name)] = StartupApproved.IsEnabled(bytes);
            }
            else
            {
                commands.Add((key, name, ReadQuoted(line, rest + 1, source, number + 1).Text));
            }
        }

        return commands
            .Select(c => new RunValue(c.Key, c.Name, c.Value, !approvals.TryGetValue((ApprovalKeyOf(c.Key), c.Name), out var enabled) || enabled))
            .ToList();
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static (string Text, int Next) ReadQuoted(string line, int at, string source, int number)
    {
        if (at >= line.Length || line[at] != '"')
        {
            throw new FormatException($"{source}:{number}: expected a quoted string.");
        }

        var text = new StringBuilder();
        for (var i = at + 1; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                text.Append(line[++i]);
            }
            else if (line[i] == '"')
            {
                return (text.ToString(), i + 1);
            }
            else
            {
                text.Append(line[i]);
            }
        }

        throw new FormatException($"{source}:{number}: the string does not end.");
    }
}
