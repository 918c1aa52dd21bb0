using System.Text;
using ServiceManagement.Configuration;
using ServiceManagement.Model;
using ServiceManagement.Platforms.Freedesktop;

namespace ServiceManagement.Platforms.Xdg;

/// <summary>
/// Translates login items to and from XDG autostart desktop entries (Desktop Entry Specification 1.5).
/// The file syntax is read with <see cref="UnitFile"/> (groups, <c>Key=Value</c>, <c>#</c> comments);
/// string values use the specification's escapes, Exec its quoting and <c>%%</c> for a percent sign.
/// Environment is emulated by starting the program through <c>env NAME=value …</c>. Disabled (and
/// manual, which means the same for a login item) is written both as <c>Hidden=true</c> and
/// <c>X-GNOME-Autostart-enabled=false</c>. Keys the model does not express — OnlyShowIn, NotShowIn,
/// Icon, and the like — are kept as Unmodelled under the section <c>Desktop Entry</c>; the same
/// section in the <c>systemd:</c> extras (the Linux extras) adds raw keys.
/// </summary>
internal static class DesktopEntryTranslator
{
    public const string Group = "Desktop Entry";
    private const string ExecReserved = " \t\n\"'\\><~|&;$*?#()`";

    public static NativeFile Render(BackgroundJobDefinition definition)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        var entry = Build(definition);
        foreach (var overlay in new[] { definition.Unmodelled, definition.Systemd })
        {
            if (overlay.TryGetValue(Group, out var section) && section is RawMap map)
            {
                foreach (var key in map.Entries)
                {
                    entry.Replace(Group, key.Key, key.Value is RawList list ? list.Items.Select(i => i.ToString()!).ToList() : new[] { key.Value.ToString()! });
                }
            }
        }

        return new NativeFile(definition.Name + ".desktop", entry.Build().Render());
    }

    /// <summary>Reads a login item from the desktop entry <c>NAME.desktop</c>.</summary>
    public static BackgroundJobDefinition Parse(string name, UnitFile entry, JobScope scope, string? user = null)
    {
        string? Get(string key) => entry.Last(Group, key) is { } raw && TryUnescape(raw, out var text) ? text : null;

        var marker = ManagedMarker.Read((field, isList) => Get(ManagedMarker.KeyPrefix + field) is { } text
            ? isList ? text.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries) : new[] { text }
            : Array.Empty<string>());

        // Ours say what startup type was asked for (none means the default); others are read from the flags.
        var disabled = Get("Hidden") == "true" || Get("X-GNOME-Autostart-enabled") == "false";
        var startup = marker.StartupType ?? (marker.Managed ? null : disabled ? StartupType.Disabled : StartupType.Automatic);
        var definition = new BackgroundJobDefinition(name, JobKind.LoginItem, marker.Scope ?? scope)
        {
            User = marker.User ?? user,
            Description = Get("Comment"),
            WorkingDirectory = Get("Path") is { } path && path.StartsWith("/", StringComparison.Ordinal) ? path : null,
            StartupType = startup,
            Managed = marker.Managed,
            Platform = JobPlatform.XdgAutostart,
            Origin = JobOrigin.Machine,
        };

        if (entry.Last(Group, "Exec") is { } exec && TryParseExec(exec, out var environment, out var program, out var arguments))
        {
            definition = definition with
            {
                Program = program,
                Arguments = ValueList<string>.From(arguments),
                Environment = environment,
                SecretEnvironment = ValueList<string>.From(marker.Secrets.Where(environment.ContainsKey)),
            };
        }

        var rendered = Build(definition).Build();
        var unmodelled = new List<(string, RawValue)>();
        var keys = entry.Sections.Concat(rendered.Sections).Where(s => s.Name == Group).SelectMany(s => s.Entries.Select(e => e.Key))
            .Where(k => !k.StartsWith(ManagedMarker.KeyPrefix, StringComparison.Ordinal)).Distinct();
        foreach (var key in keys)
        {
            var original = entry.All(Group, key);
            if (!original.SequenceEqual(rendered.All(Group, key), StringComparer.Ordinal))
            {
                unmodelled.Add((key, original.Count == 1 ? new RawScalar(original[0]) : new RawList(ValueList<RawValue>.From(original.Select(v => (RawValue)new RawScalar(v))))));
            }
        }

        return definition with
        {
            Unmodelled = unmodelled.Count == 0 ? ValueMap<RawValue>.Empty : ValueMap<RawValue>.From(new[] { (Group, (RawValue)new RawMap(ValueMap<RawValue>.From(unmodelled))) }),
        };
    }

    /// <summary>The Exec= value for a command line, quoted per the specification and escaped as a string value.</summary>
    public static string FormatExec(IEnumerable<string> words) =>
        Escape(string.Join(" ", words.Select(QuoteExecWord)).Replace("%", "%%"), leadingSpace: false);

    private static UnitBuilder Build(BackgroundJobDefinition d)
    {
        var disabled = d.StartupType is StartupType.Disabled or StartupType.Manual;
        var words = d.Program is null
            ? null
            : (d.Environment.Count > 0 ? new[] { "env" }.Concat(d.Environment.Select(e => e.Key + "=" + e.Value)) : Enumerable.Empty<string>())
                .Concat(new[] { d.Program }).Concat(d.Arguments);
        var entry = new UnitBuilder()
            .Add(Group, "Type", "Application")
            .Add(Group, "Name", Escape(d.Name, leadingSpace: true))
            .Add(Group, "Comment", d.Description is null ? null : Escape(d.Description, leadingSpace: true))
            .Add(Group, "Exec", words is null ? null : FormatExec(words))
            .Add(Group, "Path", d.WorkingDirectory is null ? null : Escape(d.WorkingDirectory, leadingSpace: true))
            .Add(Group, "Terminal", "false")
            .Add(Group, "Hidden", disabled ? "true" : null)
            .Add(Group, "X-GNOME-Autostart-enabled", disabled ? "false" : null);

        // A desktop entry writes a list as one value, each item followed by ';'.
        foreach (var field in ManagedMarker.Of(d).Fields())
        {
            entry.Add(Group, ManagedMarker.KeyPrefix + field.Name, field.IsList ? string.Join(";", field.Values) + ";" : Escape(field.Values[0], leadingSpace: true));
        }

        return entry;
    }

    private static string QuoteExecWord(string word)
    {
        if (word.Length > 0 && word.IndexOfAny(ExecReserved.ToCharArray()) < 0 && word[0] != '=')
        {
            return word;
        }

        var builder = new StringBuilder("\"");
        foreach (var c in word)
        {
            if (c is '"' or '`' or '$' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// Reads an Exec= value: an optional <c>env NAME=value …</c> prefix, the program and its arguments.
    /// False when it uses field codes (<c>%f</c>, <c>%U</c>, …), is malformed, or the program is not an absolute path.
    /// </summary>
    public static bool TryParseExec(string raw, out ValueMap<string> environment, out string program, out IReadOnlyList<string> arguments)
    {
        environment = ValueMap<string>.Empty;
        program = string.Empty;
        arguments = Array.Empty<string>();
        if (!TryUnescape(raw, out var value) || !TrySplitExec(value, out var words) || words.Count == 0)
        {
            return false;
        }

        var index = 0;
        if (words[0] == "env")
        {
            var pairs = new List<(string, string)>();
            for (index = 1; index < words.Count && words[index].IndexOf('=') > 0 && !words[index].StartsWith("/", StringComparison.Ordinal); index++)
            {
                var equals = words[index].IndexOf('=');
                pairs.Add((words[index].Substring(0, equals), words[index].Substring(equals + 1)));
            }

            if (pairs.Select(p => p.Item1).Distinct(StringComparer.Ordinal).Count() != pairs.Count)
            {
                return false;
            }

            environment = ValueMap<string>.From(pairs);
        }

        if (index >= words.Count || !words[index].StartsWith("/", StringComparison.Ordinal))
        {
            return false;
        }

        program = words[index];
        arguments = words.Skip(index + 1).ToList();
        return true;
    }

    private static bool TrySplitExec(string value, out List<string> words)
    {
        words = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < value.Length && value[i] == ' ')
            {
                i++;
            }

            if (i == value.Length)
            {
                return true;
            }

            var builder = new StringBuilder();
            if (value[i] == '"')
            {
                for (i++; i < value.Length && value[i] != '"'; i++)
                {
                    if (value[i] == '\\')
                    {
                        if (++i == value.Length)
                        {
                            return false;
                        }
                    }
                    else if (value[i] == '%' && !Percent(value, ref i))
                    {
                        return false;
                    }

                    builder.Append(value[i]);
                }

                if (i == value.Length)
                {
                    return false;
                }

                i++;
                if (i < value.Length && value[i] != ' ')
                {
                    return false;
                }
            }
            else
            {
                for (; i < value.Length && value[i] != ' '; i++)
                {
                    if (value[i] is '"' or '\\' || (value[i] == '%' && !Percent(value, ref i)))
                    {
                        return false;
                    }

                    builder.Append(value[i]);
                }
            }

            words.Add(builder.ToString());
        }
    }

    /// <summary>At a '%': true for <c>%%</c> (leaving <paramref name="i"/> on the second), false for a field code.</summary>
    private static bool Percent(string value, ref int i)
    {
        if (i + 1 < value.Length && value[i + 1] == '%')
        {
            i++;
            return true;
        }

        return false;
    }

    /// <summary>The specification's string escapes; a leading space is written <c>\s</c> so that it survives trimming.</summary>
    private static string Escape(string text, bool leadingSpace)
    {
        var escaped = text.Replace("\\", "\\\\");
        return leadingSpace && escaped.StartsWith(" ", StringComparison.Ordinal) ? "\\s" + escaped.Substring(1) : escaped;
    }

    private static bool TryUnescape(string raw, out string text)
    {
        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                builder.Append(raw[i]);
                continue;
            }

            if (++i == raw.Length)
            {
                text = raw;
                return false;
            }

            builder.Append(raw[i] switch { 's' => ' ', 'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', _ => '\0' });
            if (builder[builder.Length - 1] == '\0')
            {
                text = raw;
                return false;
            }
        }

        text = builder.ToString();
        return true;
    }
}
