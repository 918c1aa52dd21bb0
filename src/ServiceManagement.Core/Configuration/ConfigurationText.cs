using System.Text;
using ServiceManagement.Validation;

namespace ServiceManagement.Configuration;

/// <summary>
/// What any configuration or native file must be before it is parsed: at most <see cref="MaxFileBytes"/>, text
/// in UTF-8 (or UTF-16/32 with a byte-order mark), and for YAML only characters YAML allows.
/// </summary>
internal static class ConfigurationText
{
    public const long MaxFileBytes = 16L * 1024 * 1024;

    internal const string NotText = "The file is not text: neither UTF-8, nor UTF-16 or UTF-32 with a byte-order mark.";

    /// <summary>
    /// The text of a file as every reader takes it: UTF-8, or UTF-16 or UTF-32 when a byte-order mark says
    /// so (Windows editors and regedit write those); strictly, so that a malformed byte is refused, not replaced.
    /// </summary>
    public static bool TryDecode(byte[] bytes, out string text)
    {
        bool Marked(params byte[] mark) => bytes.Length >= mark.Length && mark.Select((b, i) => bytes[i] == b).All(same => same);
        var (encoding, skip) = (bytes ?? throw new ArgumentNullException(nameof(bytes))) switch
        {
            _ when Marked(0xFF, 0xFE, 0x00, 0x00) => ((Encoding)new UTF32Encoding(false, false, true), 4),
            _ when Marked(0x00, 0x00, 0xFE, 0xFF) => (new UTF32Encoding(true, false, true), 4),
            _ when Marked(0xFF, 0xFE) => (new UnicodeEncoding(false, false, true), 2),
            _ when Marked(0xFE, 0xFF) => (new UnicodeEncoding(true, false, true), 2),
            _ when Marked(0xEF, 0xBB, 0xBF) => (new UTF8Encoding(false, true), 3),
            _ => (new UTF8Encoding(false, true), 0),
        };
        try
        {
            text = encoding.GetString(bytes, skip, bytes.Length - skip);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>The index of the first character outside YAML's printable set, if any.</summary>
    internal static int? FirstForbiddenCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c < ' ' && c is not '\t' and not '\n' and not '\r') || c == '\u007f' || (c is >= '\u0080' and <= '\u009f' && c != '\u0085') || c is '\ufffe' or '\uffff')
            {
                return i;
            }
        }

        return null;
    }

    internal static SourceLocation Locate(string text, string file, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourceLocation(file, line, index - lineStart + 1);
    }
}
