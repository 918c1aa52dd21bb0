namespace ServiceManagement.Text;

/// <summary>ASCII character classes for the names and scalars checked by hand (char.IsLetterOrDigit takes any script's letters).</summary>
internal static class Ascii
{
    public static bool IsLetter(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z';

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsLetterOrDigit(char c) => IsLetter(c) || IsDigit(c);

    public static bool IsHexDigit(char c) => IsDigit(c) || c is >= 'a' and <= 'f' or >= 'A' and <= 'F';

    /// <summary>One or more characters from <paramref name="start"/> to the end, each in the class.</summary>
    public static bool AllFrom(string text, int start, Func<char, bool> inClass)
    {
        if (start >= text.Length)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (!inClass(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
