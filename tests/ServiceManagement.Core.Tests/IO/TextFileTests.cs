using System.Text;
using ServiceManagement.IO;
using Xunit;

namespace ServiceManagement.Tests.IO;

public sealed class TextFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sm-text-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, byte[]> Files => new()
    {
        { "empty", Array.Empty<byte>() },
        { "UTF-8", Encoding.UTF8.GetBytes("[Unit]\nDescription=Zürich → 東京\n") },
        { "UTF-8 with a byte order mark", new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("[Service]\n")).ToArray() },
        { "only a byte order mark", new byte[] { 0xEF, 0xBB, 0xBF } },
        { "UTF-16 LE with its mark", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("[Unit]\nA=ü\n")).ToArray() },
        { "UTF-16 BE with its mark", Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes("[Unit]\n")).ToArray() },
        { "UTF-32 BE with its mark", new byte[] { 0, 0, 0xFE, 0xFF, 0, 0, 0, 0x41 } },
        { "invalid UTF-8", new byte[] { 0x41, 0xC3, 0x28, 0xFF, 0xE2, 0x82, 0x0A, 0xF0, 0x9F } },
        { "a mark cut short", new byte[] { 0xEF, 0xBB } },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_every_file_as_File_ReadAllText_does(string what, byte[] bytes)
    {
        var path = Path.Combine(_directory, "file");
        File.WriteAllBytes(path, bytes);

        Assert.True(File.ReadAllText(path) == TextFile.Read(path), what);
    }
}
