namespace ServiceManagement.Platforms.DBus;

/// <summary>
/// A D-Bus type parsed from a signature: its code and, for arrays, structs and dict entries, the types it holds.
/// Parsing enforces the specification's limits (255 characters, 32 nested arrays, 32 nested structs), so a
/// hostile signature fails with a message instead of exhausting the stack.
/// </summary>
internal sealed class DBusType
{
    private const int MaxNesting = 32;

    private DBusType(char code, IReadOnlyList<DBusType> children)
    {
        Code = code;
        Children = children;
    }

    public char Code { get; }

    public IReadOnlyList<DBusType> Children { get; }

    /// <summary>The boundary a value of this type starts on.</summary>
    public int Alignment => Code switch
    {
        'y' or 'g' or 'v' => 1,
        'n' or 'q' => 2,
        'x' or 't' or 'd' or '(' or '{' => 8,
        _ => 4,
    };

    // Every message carries signatures (its body's, each variant's) and a status read sends and receives
    // thousands of messages with a handful of them: each is parsed once. A peer could send endless new
    // ones, so the cache stops growing at a bound and further ones are parsed each time.
    private const int CachedSignatures = 512;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<DBusType>> Parsed = new(StringComparer.Ordinal);

    /// <summary>The complete types a signature lists, in order.</summary>
    public static IReadOnlyList<DBusType> Parse(string signature)
    {
        if (Parsed.TryGetValue(signature, out var known))
        {
            return known;
        }

        var types = ParseAll(signature);
        if (Parsed.Count < CachedSignatures)
        {
            Parsed.TryAdd(signature, types);
        }

        return types;
    }

    private static IReadOnlyList<DBusType> ParseAll(string signature)
    {
        if (signature.Length > 255)
        {
            throw new FormatException("a signature longer than 255 characters");
        }

        var types = new List<DBusType>();
        var position = 0;
        while (position < signature.Length)
        {
            types.Add(ParseOne(signature, ref position, 0, 0));
        }

        return types.ToArray();
    }

    /// <summary>The one complete type a variant's signature must be.</summary>
    public static DBusType ParseSingle(string signature)
    {
        var types = Parse(signature);
        return types.Count == 1 ? types[0] : throw new FormatException($"a variant signature \"{signature}\" that is not one complete type");
    }

    private static DBusType ParseOne(string signature, ref int position, int arrays, int structs)
    {
        if (position >= signature.Length)
        {
            throw new FormatException($"the signature \"{signature}\" ends inside a type");
        }

        var code = signature[position++];
        switch (code)
        {
            case 'y' or 'b' or 'n' or 'q' or 'i' or 'u' or 'x' or 't' or 'd' or 's' or 'o' or 'g' or 'v' or 'h':
                return new DBusType(code, Array.Empty<DBusType>());
            case 'a':
                if (arrays >= MaxNesting)
                {
                    throw new FormatException($"the signature \"{signature}\" nests arrays more than {MaxNesting} deep");
                }

                if (position < signature.Length && signature[position] == '{')
                {
                    position++;
                    var key = ParseOne(signature, ref position, arrays + 1, structs + 1);
                    if (key.Children.Count > 0 || key.Code == 'v')
                    {
                        throw new FormatException($"the signature \"{signature}\" has a dictionary key that is not a basic type");
                    }

                    var value = ParseOne(signature, ref position, arrays + 1, structs + 1);
                    Expect(signature, ref position, '}');
                    return new DBusType('a', new[] { new DBusType('{', new[] { key, value }) });
                }

                return new DBusType('a', new[] { ParseOne(signature, ref position, arrays + 1, structs) });
            case '(':
                if (structs >= MaxNesting)
                {
                    throw new FormatException($"the signature \"{signature}\" nests structs more than {MaxNesting} deep");
                }

                var fields = new List<DBusType>();
                while (position < signature.Length && signature[position] != ')')
                {
                    fields.Add(ParseOne(signature, ref position, arrays, structs + 1));
                }

                Expect(signature, ref position, ')');
                return fields.Count > 0 ? new DBusType('(', fields) : throw new FormatException($"the signature \"{signature}\" has an empty struct");
            default:
                throw new FormatException($"the signature \"{signature}\" has the unknown type code '{code}'");
        }
    }

    private static void Expect(string signature, ref int position, char closing)
    {
        if (position >= signature.Length || signature[position] != closing)
        {
            throw new FormatException($"the signature \"{signature}\" misses a '{closing}'");
        }

        position++;
    }
}
