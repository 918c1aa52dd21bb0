using System.Globalization;
using System.Text;

namespace ServiceManagement.Module.Tests;

/// <summary>
/// Reads a .psd1 as data, the way Import-PowerShellDataFile does: only literals are allowed — a hashtable,
/// arrays (<c>@( )</c> or commas), single- and double-quoted strings (double-quoted ones without <c>$</c> or
/// backtick, which PowerShell would expand), integers, <c>$true</c>, <c>$false</c>, <c>$null</c> — with
/// <c>#</c> and <c>&lt;# #&gt;</c> comments. Anything else (a variable, a command, a subexpression) is refused
/// with its position, as it would make the manifest fail to import.
/// </summary>
internal sealed class PowerShellDataFile
{
    private readonly string _text;
    private int _at;

    private PowerShellDataFile(string text) => _text = text;

    public static IReadOnlyDictionary<string, object?> Read(string text)
    {
        var reader = new PowerShellDataFile(text);
        var value = reader.Value();
        reader.Skip();
        if (reader._at < text.Length)
        {
            throw reader.Error("text after the hashtable");
        }

        return value as IReadOnlyDictionary<string, object?> ?? throw reader.Error("a data file holds one hashtable");
    }

    private object? Value()
    {
        Skip();
        var first = Single();
        Skip(newlines: false);
        if (!Peek(","))
        {
            return first;
        }

        var items = new List<object?> { first };
        while (Take(","))
        {
            Skip();
            items.Add(Single());
            Skip(newlines: false);
        }

        return items;
    }

    private object? Single()
    {
        if (Take("@{"))
        {
            return Hashtable();
        }

        if (Take("@("))
        {
            var items = new List<object?>();
            Skip();
            while (!Take(")"))
            {
                var item = Value();
                if (item is List<object?> several)
                {
                    items.AddRange(several);
                }
                else
                {
                    items.Add(item);
                }

                Skip();
            }

            return items;
        }

        if (Peek("'"))
        {
            return SingleQuoted();
        }

        if (Peek("\""))
        {
            return DoubleQuoted();
        }

        foreach (var (word, value) in new (string, object?)[] { ("$true", true), ("$false", false), ("$null", null) })
        {
            if (Take(word))
            {
                return value;
            }
        }

        var start = _at;
        while (_at < _text.Length && (char.IsDigit(_text[_at]) || (_at == start && _text[_at] == '-')))
        {
            _at++;
        }

        return _at > start && long.TryParse(_text.AsSpan(start, _at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Error("not a literal");
    }

    private Dictionary<string, object?> Hashtable()
    {
        var entries = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        Skip();
        while (!Take("}"))
        {
            var key = Peek("'") ? SingleQuoted() : Peek("\"") ? DoubleQuoted() : Bare();
            Skip(newlines: false);
            if (!Take("="))
            {
                throw Error($"'=' after key {key}");
            }

            if (!entries.TryAdd(key, Value()))
            {
                throw Error($"duplicate key {key}");
            }

            Skip(newlines: false);
            Take(";");
            Skip();
        }

        return entries;
    }

    private string Bare()
    {
        var start = _at;
        while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_'))
        {
            _at++;
        }

        return _at > start ? _text.Substring(start, _at - start) : throw Error("a key");
    }

    private string SingleQuoted()
    {
        _at++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length)
            {
                throw Error("an unterminated string");
            }

            if (_text[_at] == '\'')
            {
                if (_at + 1 < _text.Length && _text[_at + 1] == '\'')
                {
                    builder.Append('\'');
                    _at += 2;
                    continue;
                }

                _at++;
                return builder.ToString();
            }

            builder.Append(_text[_at++]);
        }
    }

    private string DoubleQuoted()
    {
        var end = _text.IndexOf('"', _at + 1);
        if (end < 0)
        {
            throw Error("an unterminated string");
        }

        var body = _text.Substring(_at + 1, end - _at - 1);
        if (body.IndexOfAny(new[] { '$', '`' }) >= 0)
        {
            throw Error("an expandable string (PowerShell would evaluate $ and `)");
        }

        _at = end + 1;
        return body;
    }

    private void Skip(bool newlines = true)
    {
        while (_at < _text.Length)
        {
            var c = _text[_at];
            if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n'))
            {
                _at++;
            }
            else if (c == '#')
            {
                while (_at < _text.Length && _text[_at] != '\n')
                {
                    _at++;
                }
            }
            else if (Peek("<#"))
            {
                var end = _text.IndexOf("#>", _at + 2, StringComparison.Ordinal);
                _at = end < 0 ? throw Error("an unterminated comment") : end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private bool Peek(string token) => string.CompareOrdinal(_text, _at, token, 0, token.Length) == 0;

    private bool Take(string token)
    {
        if (!Peek(token))
        {
            return false;
        }

        _at += token.Length;
        return true;
    }

    private FormatException Error(string what)
    {
        var line = _text.Take(_at).Count(c => c == '\n') + 1;
        return new FormatException($"Line {line}: {what} at '{new string(_text.Skip(_at).Take(20).ToArray())}'.");
    }
}
