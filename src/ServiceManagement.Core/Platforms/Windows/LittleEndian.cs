namespace ServiceManagement.Platforms.Windows;

/// <summary>Little-endian integers in byte arrays, as Windows' binary formats store them (netstandard2.0 has no BinaryPrimitives).</summary>
internal static class LittleEndian
{
    public static int UInt16(byte[] data, int offset) => data[offset] | (data[offset + 1] << 8);

    public static int Int32(byte[] data, int offset) => data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24);

    public static long Int64(byte[] data, int offset) => (uint)Int32(data, offset) | ((long)Int32(data, offset + 4) << 32);

    public static void Write(byte[] data, int offset, long value, int bytes)
    {
        for (var i = 0; i < bytes; i++)
        {
            data[offset + i] = (byte)(value >> (8 * i));
        }
    }
}
