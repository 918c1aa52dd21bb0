using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Launchd;
using ServiceManagement.Platforms.Linux;
using ServiceManagement.Platforms.Windows;

namespace ServiceManagement.Formats;

/// <summary>
/// A file format definitions can be read from or written to: our YAML, a DSC v3 document, and (as the
/// platform backends register them) each native format.
/// </summary>
public sealed record DefinitionFormat(
    string Name,
    string Description,
    Func<byte[], string, ConfigurationLoadResult>? Read,
    Func<IReadOnlyList<ConfigurationEntry>, string>? Write,
    TargetOperatingSystem? Platform = null)
{
    /// <summary>File name endings this format is recognised by when no format is named.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = Array.Empty<string>();
}

/// <summary>The formats <c>svcmgmt convert</c> and the module's import and export know.</summary>
public static class DefinitionFormats
{
    /// <summary>The code of a finding made by the last-line guard: a reader met input it did not foresee (the fuzz tests look for these).</summary>
    public const string UnforeseenCode = "NativeUnreadable";

    public static IReadOnlyList<DefinitionFormat> All { get; } = new[]
    {
        new DefinitionFormat("yaml", "ServiceManagement configuration (jobs:), also reads DSC v3 documents", Text(ConfigurationLoader.Parse), entries => ConfigurationWriter.Save(entries))
        {
            Extensions = new[] { ".yaml", ".yml", ".json" },
        },
        new DefinitionFormat("dsc", "DSC v3 configuration document with ServiceManagement/BackgroundJob resources", Text(ConfigurationLoader.Parse), entries => ConfigurationWriter.Save(entries, ConfigurationForm.Dsc)),
        new DefinitionFormat("systemd", "systemd units: NAME.service with NAME.timer, NAME.socket and NAME.path", Text(LinuxFormats.ReadUnits), LinuxFormats.WriteUnits, TargetOperatingSystem.Linux)
        {
            Extensions = new[] { ".service", ".timer", ".socket", ".path" },
        },
        new DefinitionFormat("desktop", "XDG autostart desktop entries (Linux login items)", Text(LinuxFormats.ReadDesktopEntries), LinuxFormats.WriteDesktopEntries, TargetOperatingSystem.Linux)
        {
            Extensions = new[] { ".desktop" },
        },
        new DefinitionFormat("scm", "Windows service configurations (JSON: image path, start type, account, failure actions, environment)", Text(WindowsFormats.ReadServices), WindowsFormats.WriteServices, TargetOperatingSystem.Windows),
        new DefinitionFormat("task", "Windows Task Scheduler task XML (agents and scheduled daemons)", Text(WindowsFormats.ReadTasks), WindowsFormats.WriteTasks, TargetOperatingSystem.Windows)
        {
            Extensions = new[] { ".xml" },
        },
        new DefinitionFormat("runkey", "Windows Run values with their StartupApproved switches (a .reg file; login items)", Text(WindowsFormats.ReadRunValues), WindowsFormats.WriteRunValues, TargetOperatingSystem.Windows)
        {
            Extensions = new[] { ".reg" },
        },
        new DefinitionFormat("launchd", "launchd property lists (XML or binary to read, XML written)", Guarded(LaunchdFormat.Read), LaunchdFormat.Write, TargetOperatingSystem.MacOS)
        {
            Extensions = new[] { ".plist" },
        },
    };

    /// <summary>Adapts a reader of text, decoded as configuration files are (<see cref="ConfigurationText.TryDecode"/>).</summary>
    private static Func<byte[], string, ConfigurationLoadResult> Text(Func<string, string, ConfigurationLoadResult> read) => Guarded(
        (bytes, source) => ConfigurationText.TryDecode(bytes, out var text)
            ? read(text, source)
            : new ConfigurationLoadResult(null, new[] { new Validation.Finding(Validation.FindingSeverity.Error, "NotUtf8", string.Empty, ConfigurationText.NotText) { Location = new Validation.SourceLocation(source, 1, 1) } }));

    /// <summary>
    /// The last line of defence for every native reader: input it did not foresee is a finding naming the
    /// file, never an exception that ends the process. (Readers bound their own depth and size; a reader
    /// that throws here has a case to handle, which the fuzz tests look for.)
    /// </summary>
    private static Func<byte[], string, ConfigurationLoadResult> Guarded(Func<byte[], string, ConfigurationLoadResult> read) =>
        (bytes, source) =>
        {
            if (bytes.Length > ConfigurationText.MaxFileBytes)
            {
                return new ConfigurationLoadResult(null, new[] { new Validation.Finding(Validation.FindingSeverity.Error, "FileTooLarge", string.Empty, $"The file is {bytes.Length} bytes; native files are read up to {ConfigurationText.MaxFileBytes} bytes.") { Location = new Validation.SourceLocation(source, 1, 1) } });
            }

            try
            {
                return read(bytes, source);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException or System.Xml.XmlException or Platforms.Launchd.PropertyListException or NotSupportedException or KeyNotFoundException or NullReferenceException)
            {
                var message = ex.Message.StartsWith(source, StringComparison.Ordinal) ? ex.Message.Substring(source.Length).TrimStart(':', ' ') : ex.Message;
                return new ConfigurationLoadResult(null, new[] { new Validation.Finding(Validation.FindingSeverity.Error, UnforeseenCode, string.Empty, "The file could not be read: " + message) { Location = new Validation.SourceLocation(source, 1, 1) } });
            }
        };

    public static DefinitionFormat Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UnsupportedFormatException($"'{name}' is not a known format. Known formats: {string.Join(", ", All.Select(f => f.Name))}.");

    /// <summary>
    /// The format a file is in: by its name where that says (<c>.plist</c>, <c>.service</c>, …), else by what it
    /// holds (a binary or XML property list, task XML, a unit's or a desktop entry's first section, a .reg
    /// header); YAML when neither says more.
    /// </summary>
    public static DefinitionFormat Detect(string path, byte[] content) =>
        All.FirstOrDefault(f => f.Read is not null && f.Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        ?? ByContent(content ?? throw new ArgumentNullException(nameof(content)))
        ?? All[0];

    private static DefinitionFormat? ByContent(byte[] content)
    {
        if (content.Length >= 8 && System.Text.Encoding.ASCII.GetString(content, 0, 8) == "bplist00")
        {
            return Find("launchd");
        }

        var head = ConfigurationText.TryDecode(content, out var text) ? text : Utf16Head(content);
        if (head is null)
        {
            return null;
        }

        var start = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith("<", StringComparison.Ordinal))
        {
            return start.Contains("<plist") || start.Contains("<!DOCTYPE plist") ? Find("launchd")
                : start.Contains("<Task") ? Find("task")
                : null;
        }

        if (start.StartsWith("Windows Registry Editor", StringComparison.Ordinal) || start.StartsWith("REGEDIT4", StringComparison.Ordinal))
        {
            return Find("runkey");
        }

        var firstSection = start.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && l[0] != '#' && l[0] != ';');
        return firstSection switch
        {
            "[Desktop Entry]" => Find("desktop"),
            "[Unit]" or "[Service]" or "[Timer]" or "[Socket]" or "[Install]" => Find("systemd"),
            _ => null,
        };
    }

    /// <summary>The text of a file written in UTF-16 with its byte order mark (regedit and Task Scheduler write those), or null.</summary>
    private static string? Utf16Head(byte[] content) =>
        content.Length >= 2 && content[0] == 0xFF && content[1] == 0xFE ? System.Text.Encoding.Unicode.GetString(content, 2, Math.Min(content.Length - 2, 4096) & ~1)
        : content.Length >= 2 && content[0] == 0xFE && content[1] == 0xFF ? System.Text.Encoding.BigEndianUnicode.GetString(content, 2, Math.Min(content.Length - 2, 4096) & ~1)
        : null;
}
