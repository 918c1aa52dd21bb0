using ServiceManagement.Model;
using ServiceManagement.Text;

namespace ServiceManagement.Validation;

/// <summary>The checks that concern one platform: its native forms, raw extras and what it rounds or expands.</summary>
public static partial class DefinitionValidator
{
    private static void CheckExtras(BackgroundJobDefinition d, Findings findings)
    {
        foreach (var (name, extras) in new[] { ("launchd", d.Launchd), ("systemd", d.Systemd), ("windows", d.Windows) })
        {
            foreach (var entry in extras)
            {
                CheckRaw(name + "." + entry.Key, entry.Key, entry.Value, findings);
            }
        }

        if (d.Kind == JobKind.Daemon && d.Launchd.TryGetValue("LimitLoadToSessionType", out var sessionTypes)
            && Scalars(sessionTypes).Any(t => GuiSessionTypes.Contains(t, StringComparer.Ordinal)))
        {
            findings.Error("DaemonGuiSession", "launchd.LimitLoadToSessionType",
                "A daemon runs outside any user session, so it cannot be limited to a GUI session (Aqua, LoginWindow); make the job an agent.");
        }
    }

    private static void CheckRaw(string path, string key, RawValue value, Findings findings)
    {
        findings.Text(path, key, 256, isKey: true);
        switch (value)
        {
            case RawScalar scalar:
                findings.Text(path, scalar.Text, MaxStringLength);
                if (scalar.Type == RawScalarType.Integer && !long.TryParse(scalar.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
                    && !ulong.TryParse(scalar.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    findings.Error("RawNumberInvalid", path, $"{Shorten(scalar.Text)} is not a 64-bit integer, which is what native settings hold; quote it to write text.");
                }
                else if (scalar.Type == RawScalarType.Real && (!double.TryParse(scalar.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var real) || double.IsNaN(real) || double.IsInfinity(real)))
                {
                    findings.Error("RawNumberInvalid", path, $"{Shorten(scalar.Text)} is not a finite number; property lists and unit files hold none other.");
                }

                break;
            case RawList list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    CheckRaw($"{path}[{i}]", string.Empty, list.Items[i], findings);
                }

                break;
            case RawMap map:
                foreach (var entry in map.Entries)
                {
                    CheckRaw(path + "." + entry.Key, entry.Key, entry.Value, findings);
                }

                break;
        }
    }

    private static IEnumerable<string> Scalars(RawValue value) => value switch
    {
        RawScalar scalar => new[] { scalar.Text },
        RawList list => list.Items.OfType<RawScalar>().Select(s => s.Text),
        _ => Enumerable.Empty<string>(),
    };

    private static void CheckPlatform(BackgroundJobDefinition d, JobPlatform platform, Findings findings)
    {
        foreach (var entry in SupportMatrix.UsedBy(d, platform))
        {
            var path = entry.Property.Split(':')[0];
            if (entry.Level == SupportLevel.Native || findings.HasErrorAt(path))
            {
                continue;
            }

            var (severity, code, verb) = entry.Level switch
            {
                SupportLevel.Emulated => (FindingSeverity.Warning, "PlatformEmulated", "only approximates"),
                SupportLevel.Ignored => (FindingSeverity.Warning, "PlatformIgnored", "ignores"),
                _ => (FindingSeverity.Error, "PlatformUnsupported", "cannot express"),
            };
            findings.Add(new Finding(severity, code, path, $"{Describe(platform)} {verb} {entry.Property}: {entry.Note}."));
        }
    }

    private static readonly Pattern UnitSectionPattern = new("^(service:)?([A-Z][A-Za-z]*|X-[A-Za-z0-9-]+|(timer|socket|path):[A-Z][A-Za-z]*)$");
    private static readonly Pattern UnitKeyPattern = new("^[A-Za-z][A-Za-z0-9_-]*$");

    /// <summary>Whether systemd extras are sections of settings; then what the platform's own rules find.</summary>
    private static void CheckNativeForm(BackgroundJobDefinition d, JobPlatform platform, INativeRules rules, Findings findings)
    {
        if (platform == JobPlatform.Systemd)
        {
            foreach (var section in d.Systemd)
            {
                var path = "systemd." + section.Key;
                if (!UnitSectionPattern.IsMatch(section.Key))
                {
                    findings.Error("UnitSectionInvalid", path, $"'{Shorten(section.Key)}' is not a unit-file section systemd reads (Unit, Service, Install, Timer, Socket, Path, X-…, timer:Unit, socket:Install, path:Unit, …).");
                }
                else if (section.Value is not RawMap settings)
                {
                    findings.Error("UnitSectionInvalid", path, "A section holds settings: write it as a mapping of keys to values.");
                }
                else
                {
                    foreach (var setting in settings.Entries)
                    {
                        if (!UnitKeyPattern.IsMatch(setting.Key))
                        {
                            findings.Error("UnitKeyInvalid", path + "." + setting.Key, $"'{Shorten(setting.Key)}' is not a unit-file key: letters, digits, '_' and '-', starting with a letter.");
                        }
                        else if (setting.Value is RawMap || (setting.Value is RawList list && list.Items.Any(i => i is not RawScalar)))
                        {
                            findings.Error("UnitValueInvalid", path + "." + setting.Key, "A unit-file setting takes a value or a list of values, not a mapping.");
                        }
                    }
                }
            }

            if (findings.List.Any(f => f.Severity == FindingSeverity.Error && f.Path.StartsWith("systemd", StringComparison.Ordinal)))
            {
                return;
            }

            findings.List.AddRange(rules.Check(d, platform));
        }
        else
        {
            findings.List.AddRange(rules.Check(d, platform));
        }
    }
}
