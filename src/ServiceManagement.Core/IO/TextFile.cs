using System.Text;

namespace ServiceManagement.IO;

/// <summary>
/// A whole text file read as <see cref="File.ReadAllText(string)"/> reads it (UTF-8, a byte order mark
/// honoured and dropped, invalid bytes replaced), into one buffer of the file's size. ReadAllText goes through
/// a stream and a reader with buffers of their own, about 16 KiB for a unit file of 200 bytes; a short command
/// reads dozens of files, and each fresh page is cleared by the GC and faulted in by the kernel.
/// </summary>
internal static class TextFile
{
    public static string Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (HasWideByteOrderMark(bytes))
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }

    /// <summary>A UTF-16 or UTF-32 byte order mark (FE FF, FF FE, 00 00 FE FF), which only a reader decodes as ReadAllText does.</summary>
    private static bool HasWideByteOrderMark(byte[] bytes) =>
        (bytes.Length >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)))
        || (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF);
}
