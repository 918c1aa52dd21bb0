using System.Globalization;
using System.Text;
using ServiceManagement.Model;
using ServiceManagement.Text;

namespace ServiceManagement.Configuration;

/// <summary>
/// Writes configurations as YAML, deterministically: keys in the documented order, maps sorted, strings
/// quoted exactly when a plain scalar would read back differently, so that loading what was saved gives
/// back equal definitions. Read-only facts (source path, platform, managed) describe a machine rather
/// than a wish and are not written; unmodelled native keys are written as extras of their platform.
/// </summary>
public static class ConfigurationWriter
{
    public const string DscSchemaUri = "https://aka.ms/dsc/schemas/v3/bundled/config/document.json";


    public static string Save(IEnumerable<ConfigurationEntry> entries, ConfigurationForm form = ConfigurationForm.Jobs)
    {
        var builder = new StringBuilder();
        if (form == ConfigurationForm.Dsc)
        {
            builder.Append("$schema: ").Append(DscSchemaUri).Append('\n');
            builder.Append("resources:");
        }
        else
        {
            builder.Append("jobs:");
        }

        var list = entries.ToList();
        if (list.Count == 0)
        {
            builder.Append(" []\n");
            return builder.ToString();
        }

        builder.Append('\n');
        foreach (var entry in list)
        {
            if (form == ConfigurationForm.Dsc)
            {
                builder.Append("  - name: ").Append(Scalar(entry.Definition.Name)).Append('\n');
                builder.Append("    type: ").Append(ConfigurationLoader.DscResourceType).Append('\n');
                builder.Append("    properties:\n");
                WriteJob(new YamlBlockWriter(builder, "      ", "      "), entry, form);
            }
            else
            {
                WriteJob(new YamlBlockWriter(builder, "  - ", "    "), entry, form);
            }
        }

        return builder.ToString();
    }

    public static string Save(IEnumerable<BackgroundJobDefinition> definitions) =>
        Save(definitions.Select(d => new ConfigurationEntry(d)));

    /// <summary>A job's keys and values, in the order files show them; <see cref="JsonForm"/> writes the same through a JSON writer.</summary>
    internal static void WriteJob(IDocumentWriter job, ConfigurationEntry entry, ConfigurationForm form)
    {
        var d = entry.Definition;
        job.Value("name", d.Name);
        job.Value("kind", Name(d.Kind));
        job.Value("scope", Name(d.Scope));
        job.Value("user", d.User);
        job.Value("program", d.Program);
        job.List("arguments", d.Arguments);
        job.Value("workingDirectory", d.WorkingDirectory);
        // A secret whose value the definition does not carry (a job read from the machine) is kept, not written.
        var kept = d.SecretEnvironment.Where(n => !d.Environment.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
        if (d.Environment.Count > 0 || kept.Count > 0)
        {
            job.Section("environment", section =>
            {
                foreach (var name in d.Environment.Keys.Concat(kept).OrderBy(n => n, StringComparer.Ordinal))
                {
                    if (!d.Environment.TryGetValue(name, out var value))
                    {
                        section.KeptSecret(name);
                    }
                    else if (d.SecretEnvironment.Contains(name))
                    {
                        section.Secret(name, value);
                    }
                    else
                    {
                        section.Value(name, value);
                    }
                }
            });
        }

        if (d.RunAs is { } runAs)
        {
            job.Section("runAs", section =>
            {
                section.Value("user", runAs.User);
                section.Value("group", runAs.Group);
                section.Value("account", runAs.Account);
            });
        }

        job.Value("description", d.Description);
        job.Value("startupType", d.StartupType is { } startup ? Name(startup) : null);
        if (d.Restart is { } restart)
        {
            job.Section("restart", section =>
            {
                section.Value("policy", Name(restart.Policy));
                section.Value("delay", restart.Delay?.ToString());
                if (restart.Throttle is { } throttle)
                {
                    section.Section("throttle", nested =>
                    {
                        nested.Plain("burst", throttle.Burst.ToString(CultureInfo.InvariantCulture));
                        nested.Value("interval", throttle.Interval.ToString());
                    });
                }
            });
        }

        if (d.Schedule is { } schedule)
        {
            job.Section("schedule", section =>
            {
                section.Value("every", schedule.Every?.ToString());
                section.Value("cron", schedule.Cron?.Text);
            });
        }

        job.Value("standardOutputPath", d.StandardOutputPath);
        job.Value("standardErrorPath", d.StandardErrorPath);
        job.Items("sockets", d.Sockets, (item, socket) =>
        {
            item.Value("name", socket.Name);
            item.Value("protocol", Name(socket.Protocol));
            item.Value("address", socket.Address);
            item.Plain("port", socket.Port?.ToString(CultureInfo.InvariantCulture));
            item.Value("path", socket.Path);
            item.Plain("accept", socket.Accept ? "true" : null);
        });

        if (d.Activation is { } activation)
        {
            job.Section("activation", section => section.Value("name", activation.Name));
        }

        if (d.Watch is { } watch)
        {
            job.Section("watch", section =>
            {
                section.List("paths", watch.Paths);
                section.List("queueDirectories", watch.QueueDirectories);
            });
        }

        job.List("dependencies", d.Dependencies);
        if (d.ResourceLimits is { } limits)
        {
            job.Section("resourceLimits", section =>
            {
                section.Plain("openFiles", limits.OpenFiles?.ToString(CultureInfo.InvariantCulture));
                section.Plain("processes", limits.Processes?.ToString(CultureInfo.InvariantCulture));
                section.Value("memory", limits.MemoryBytes is { } memory ? Memory(memory) : null);
                section.Plain("cpuPercent", limits.CpuPercent?.ToString(CultureInfo.InvariantCulture));
                section.Plain("nice", limits.Nice?.ToString(CultureInfo.InvariantCulture));
            });
        }

        if (d.Confinement is { IsEmpty: false } confinement)
        {
            job.Section("sandbox", section =>
            {
                section.Value("profile", d.Sandbox is { } profile ? Name(profile) : null);
                section.Value("network", confinement.Network is { } network ? Name(network) : null);
                if (confinement.ReadOnlyFileSystem || confinement.WritablePaths.Count > 0 || confinement.HiddenPaths.Count > 0)
                {
                    section.Section("filesystem", filesystem =>
                    {
                        filesystem.Plain("readOnly", confinement.ReadOnlyFileSystem ? "true" : null);
                        filesystem.List("writable", confinement.WritablePaths);
                        filesystem.List("hidden", confinement.HiddenPaths);
                    });
                }

                section.Value("devices", confinement.NoDevices ? "none" : null);
                if (confinement.Privileges is { Count: 0 })
                {
                    section.Value("privileges", "none");
                }
                else if (confinement.Privileges is { } privileges)
                {
                    section.List("privileges", privileges);
                }

                section.Value("user", confinement.DynamicUser ? "dynamic" : null);
            });
        }
        else
        {
            job.Value("sandbox", d.Sandbox is { } sandbox ? Name(sandbox) : null);
        }

        job.Value("origin", d.Origin == JobOrigin.Machine ? Name(JobOrigin.Machine) : null);
        job.Value("state", entry.State is { } state ? Name(state) : null);
        if (entry.Ensure == Ensure.Absent)
        {
            if (form == ConfigurationForm.Dsc)
            {
                job.Plain("_exist", "false");
            }
            else
            {
                job.Value("ensure", Name(Ensure.Absent));
            }
        }

        // Native keys the model did not understand go back out as extras of the platform they came from.
        var unmodelled = d.Unmodelled;
        job.Raw("launchd", d.Platform == JobPlatform.Launchd ? Merge(unmodelled, d.Launchd) : d.Launchd);
        job.Raw("systemd", d.Platform is JobPlatform.Systemd or JobPlatform.XdgAutostart ? Merge(unmodelled, d.Systemd) : d.Systemd);
        job.Raw("windows", d.Platform is JobPlatform.WindowsService or JobPlatform.WindowsTask or JobPlatform.WindowsRunKey ? Merge(unmodelled, d.Windows) : d.Windows);
    }

    /// <summary>Section-by-section union of two extras maps; keys of <paramref name="higher"/> win.</summary>
    private static ValueMap<RawValue> Merge(ValueMap<RawValue> lower, ValueMap<RawValue> higher)
    {
        var sections = lower.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var section in higher)
        {
            sections[section.Key] = sections.TryGetValue(section.Key, out var existing) && existing is RawMap low && section.Value is RawMap high
                ? new RawMap(ValueMap<RawValue>.From(low.Entries.Where(e => !high.Entries.ContainsKey(e.Key)).Concat(high.Entries)))
                : section.Value;
        }

        return ValueMap<RawValue>.From(sections);
    }

    /// <summary>A size in the largest binary unit that divides it exactly (536870912 → 512M).</summary>
    private static string Memory(long bytes)
    {
        foreach (var (suffix, shift) in new[] { ("T", 40), ("G", 30), ("M", 20), ("K", 10) })
        {
            if (bytes % (1L << shift) == 0)
            {
                return (bytes >> shift).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    private static string Name<T>(T value)
        where T : struct, Enum => EnumNames.YamlName(value.ToString());

    /// <summary>
    /// How a native scalar (not a date or data) is written so that it reads back with its type: a real that looks
    /// like an integer gains ".0"; a boolean, integer or real whose text YAML reads as that type is a literal, any
    /// other value a string.
    /// </summary>
    internal static (string Text, bool Literal) Spell(RawScalar scalar)
    {
        if (scalar.Type == RawScalarType.Real && YamlScalar.Resolve(scalar.Text) == YamlScalarType.Integer)
        {
            return (scalar.Text + ".0", true);
        }

        var literal = scalar.Type switch
        {
            RawScalarType.Boolean => YamlScalar.Resolve(scalar.Text) == YamlScalarType.Boolean,
            RawScalarType.Integer => YamlScalar.Resolve(scalar.Text) == YamlScalarType.Integer,
            RawScalarType.Real => YamlScalar.Resolve(scalar.Text) == YamlScalarType.Real,
            _ => false,
        };
        return (scalar.Text, literal);
    }

    /// <summary>
    /// Text that needs no quotes in YAML as far as its characters go: not starting with <c>---</c>; a letter, digit or
    /// one of <c>_ . / \ $ (</c>, or <c>-</c> and a letter, digit or <c>-</c>; then letters, digits and
    /// <c>_ . / \ $ ( ) @ + = , % ~ ^ -</c>, with single spaces between runs of them. Checked by hand: every value
    /// written is checked, and a regular expression would be built by every command that writes one.
    /// </summary>
    private static bool IsPlainSafe(string text)
    {
        static bool Body(char c) => Ascii.IsLetterOrDigit(c) || "_./\\$()@+=,%~^-".IndexOf(c) >= 0;
        if (text.Length == 0 || text.StartsWith("---", StringComparison.Ordinal))
        {
            return false;
        }

        int i;
        if (text[0] == '-')
        {
            if (text.Length < 2 || !(Ascii.IsLetterOrDigit(text[1]) || text[1] == '-'))
            {
                return false;
            }

            i = 2;
        }
        else if (Ascii.IsLetterOrDigit(text[0]) || "_./\\$(".IndexOf(text[0]) >= 0)
        {
            i = 1;
        }
        else
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            if (text[i] == ' ' ? i + 1 == text.Length || !Body(text[i + 1]) : !Body(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A string as a YAML scalar that reads back as exactly that string.</summary>
    internal static string Scalar(string text) =>
        IsPlainSafe(text) && YamlScalar.Resolve(text) == YamlScalarType.String && !text.EndsWith(":", StringComparison.Ordinal)
            ? text
            : Quote(text);

    /// <summary>
    /// A double-quoted string that YAML and JSON both read back exactly: quotes, backslashes and
    /// line breaks escaped, control characters and lone surrogates as <c>\uXXXX</c>.
    /// </summary>
    internal static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
