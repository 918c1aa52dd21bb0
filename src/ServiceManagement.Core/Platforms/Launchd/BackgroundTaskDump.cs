using System.Globalization;
using ServiceManagement.Errors;
using ServiceManagement.Text;

namespace ServiceManagement.Platforms.Launchd;

/// <summary>
/// Reads what <c>sfltool dumpbtm</c> prints. Strict about structure — headings, items (<c>#1:</c>), <c>Key: value</c>
/// fields, the numbered lists under <c>Embedded Item Identifiers</c> — and lenient about what changed between
/// macOS versions: fields it does not know are skipped, <c>Flags</c> and <c>Last Use</c> came later, macOS 13 printed
/// dispositions in decimal and no type number before identifiers, indentation differs. A line that is none of
/// these is an error naming where it is, and so is an item without its identifier or type or with a type or
/// disposition cut short: a damaged dump must not pass for a database without the job. (A dump cut inside a
/// free-text value, a name or a path, cannot be told from a whole one.)
/// </summary>
internal static class BackgroundTaskDump
{
    /// <summary>Far beyond any real database (a few hundred items); bounds the work a damaged input can cause.</summary>
    public const int MaxLength = 32 * 1024 * 1024;

    private const int MaxItems = 100_000;
    private const int MaxLineLength = 64 * 1024;

    private static readonly Pattern Heading = new(@"^\s*Records for UID (-?\d+)\s*:");
    private static readonly Pattern ItemStart = new(@"^\s*#(\d+):?\s*$");
    private static readonly Pattern Listed = new(@"^\s*#\d+:\s*(\S.*)$");
    private static readonly Pattern Field = new(@"^\s*([A-Za-z][A-Za-z .]*?)\s*:(?:\s+(.*))?$");
    private static readonly Pattern Numbered = new(@"^(.*?)\s*\((0x[0-9A-Fa-f]+|\d+)\)\s*$");

    /// <summary>The lines a dump prints about the database rather than about an item.</summary>
    private static readonly HashSet<string> DatabaseFields = new(StringComparer.Ordinal) { "ServiceManagement migrated", "LaunchServices registered", "Items" };

    public static IReadOnlyList<BackgroundTaskItem> Parse(string text, string source)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        if (text.Length > MaxLength)
        {
            throw new BackgroundTaskDumpException(source, 1, $"is {text.Length} characters long; a dump of Background Task Management is far smaller (at most {MaxLength}).");
        }

        var items = new List<BackgroundTaskItem>();
        int? user = null;
        Dictionary<string, (string Value, int Line)>? fields = null;
        List<string>? embedded = null;
        var itemLine = 0;
        var inList = false;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            var number = index + 1;
            if (line.Length > MaxLineLength)
            {
                throw new BackgroundTaskDumpException(source, number, $"the line is {line.Length} characters long; no field of an item is.");
            }

            if (line.Trim().Length == 0 || line.Trim().All(c => c == '='))
            {
                inList = false;
                continue;
            }

            if (Heading.Match(line) is { Success: true } heading)
            {
                Close();
                user = int.TryParse(heading.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new BackgroundTaskDumpException(source, number, $"'{heading.Groups[1].Value}' is not a user id.");
                continue;
            }

            if (ItemStart.IsMatch(line) && !inList)
            {
                Close();
                if (items.Count >= MaxItems)
                {
                    throw new BackgroundTaskDumpException(source, number, $"has more than {MaxItems} items; no database holds that many.");
                }

                fields = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
                embedded = new List<string>();
                itemLine = number;
                continue;
            }

            if (inList && Listed.Match(line) is { Success: true } listed)
            {
                embedded!.Add(listed.Groups[1].Value.Trim());
                continue;
            }

            if (Field.Match(line) is not { Success: true } field)
            {
                throw new BackgroundTaskDumpException(source, number, $"'{Shorten(line.Trim())}' is neither a heading, an item (#1:) nor a field (Key: value).");
            }

            var key = field.Groups[1].Value;
            var value = field.Groups[2].Success ? field.Groups[2].Value.Trim() : string.Empty;
            inList = false;
            if (fields is null)
            {
                if (DatabaseFields.Contains(key))
                {
                    continue;
                }

                throw new BackgroundTaskDumpException(source, number, $"the field '{key}' comes before any item (#1:).");
            }

            if (key == "Embedded Item Identifiers")
            {
                inList = true;
                continue;
            }

            if (fields.ContainsKey(key))
            {
                throw new BackgroundTaskDumpException(source, number, $"the item that starts on line {itemLine} has a second '{key}'; the dump is damaged or two items ran together.");
            }

            fields[key] = (value, number);
        }

        Close();
        return items;

        void Close()
        {
            if (fields is not null)
            {
                items.Add(Item(fields, embedded!, user, source, itemLine));
            }

            fields = null;
            embedded = null;
            inList = false;
        }
    }

    private static BackgroundTaskItem Item(Dictionary<string, (string Value, int Line)> fields, List<string> embedded, int? user, string source, int line)
    {
        string? Value(string key) => fields.TryGetValue(key, out var field) && field.Value.Length > 0 && field.Value != "(null)" ? field.Value : null;
        int LineOf(string key) => fields[key].Line;

        var identifier = Value("Identifier") ?? throw new BackgroundTaskDumpException(source, line, "the item has no Identifier.");
        var typeText = Value("Type") ?? throw new BackgroundTaskDumpException(source, line, $"the item {identifier} has no Type.");
        var (typeWords, typeBits) = Number(typeText, "Type", identifier, source, LineOf("Type"));
        int? disposition = null;
        string? dispositionText = null;
        if (Value("Disposition") is { } dispositionValue)
        {
            var (words, bits) = Number(dispositionValue, "Disposition", identifier, source, LineOf("Disposition"));
            if (!words.StartsWith("[", StringComparison.Ordinal) || !words.EndsWith("]", StringComparison.Ordinal))
            {
                throw new BackgroundTaskDumpException(source, LineOf("Disposition"), $"the Disposition of {identifier} is '{dispositionValue}', not [words] (number).");
            }

            disposition = bits;
            dispositionText = words.Substring(1, words.Length - 2).Trim();
        }

        return new BackgroundTaskItem(identifier, KindOf(typeBits), typeWords)
        {
            UserId = user,
            Name = Value("Name"),
            Developer = Value("Developer Name"),
            Team = Value("Team Identifier"),
            Legacy = (typeBits & 0x10000) != 0,
            Disposition = disposition,
            DispositionText = dispositionText,
            Url = Value("URL"),
            ExecutablePath = Value("Executable Path"),
            BundleIdentifier = Value("Bundle Identifier"),
            Parent = Value("Parent Identifier"),
            AssociatedBundleIdentifiers = Value("Assoc. Bundle IDs") is { } associated
                ? associated.Trim('[', ']').Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries)
                : Array.Empty<string>(),
            EmbeddedItems = embedded,
            TypeBits = typeBits & 0xFFFF,
        };
    }

    /// <summary>A value sfltool prints as words and their number, <c>legacy daemon (0x10010)</c>; the number decides.</summary>
    private static (string Words, int Bits) Number(string value, string key, string identifier, string source, int line)
    {
        var match = Numbered.Match(value);
        if (!match.Success)
        {
            throw new BackgroundTaskDumpException(source, line, $"the {key} of {identifier} is '{Shorten(value)}', without its number in parentheses.");
        }

        var digits = match.Groups[2].Value;
        var parsed = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(digits.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : (int?)null
            : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var decimalValue) ? decimalValue : null;
        return parsed is { } bits
            ? (match.Groups[1].Value.Trim(), bits)
            : throw new BackgroundTaskDumpException(source, line, $"the {key} number of {identifier}, {digits}, is out of range.");
    }

    private static BackgroundTaskKind KindOf(int typeBits) => (typeBits & 0xFFFF) switch
    {
        0x2 => BackgroundTaskKind.App,
        0x4 => BackgroundTaskKind.LoginItem,
        0x8 => BackgroundTaskKind.Agent,
        0x10 => BackgroundTaskKind.Daemon,
        0x20 => BackgroundTaskKind.Developer,
        _ => BackgroundTaskKind.Other,
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
}
