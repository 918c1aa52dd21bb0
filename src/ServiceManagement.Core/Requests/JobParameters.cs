using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using ServiceManagement.Configuration;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Requests;

/// <summary>
/// Job properties given as named parameters (<c>New-Daemon -Program … -Every 15m</c>), turned into
/// definitions by the same loader configuration files go through, so that a parameter accepts exactly
/// what the file's key accepts and is refused with the same message.
/// </summary>
/// <remarks>
/// Parameter names are the PascalCase of the configuration keys; the few that address a key inside a
/// section (<c>RunAsUser</c> → <c>runAs.user</c>, <c>Every</c> → <c>schedule.every</c>) are spelt out in
/// <see cref="Paths"/>. Front ends pass every bound parameter; names not in the table are not properties.
/// </remarks>
public static class JobParameters
{
    /// <summary>Every property parameter and the configuration path it sets.</summary>
    public static IReadOnlyDictionary<string, string> Paths { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Program"] = "program",
        ["Arguments"] = "arguments",
        ["WorkingDirectory"] = "workingDirectory",
        ["Environment"] = "environment",
        ["RunAsUser"] = "runAs.user",
        ["RunAsGroup"] = "runAs.group",
        ["RunAsAccount"] = "runAs.account",
        ["Description"] = "description",
        ["StartupType"] = "startupType",
        ["Restart"] = "restart.policy",
        ["RestartDelay"] = "restart.delay",
        ["RestartLimit"] = "restart.throttle.burst",
        ["RestartInterval"] = "restart.throttle.interval",
        ["Every"] = "schedule.every",
        ["Cron"] = "schedule.cron",
        ["StandardOutputPath"] = "standardOutputPath",
        ["StandardErrorPath"] = "standardErrorPath",
        ["Sockets"] = "sockets",
        ["ActivationName"] = "activation.name",
        ["WatchPath"] = "watch.paths",
        ["QueueDirectory"] = "watch.queueDirectories",
        ["Dependencies"] = "dependencies",
        ["ResourceLimits"] = "resourceLimits",
        ["Sandbox"] = "sandbox",
        ["Launchd"] = "launchd",
        ["Systemd"] = "systemd",
        ["Windows"] = "windows",
    };

    /// <summary>The properties <c>-Clear</c> can reset to absent: the top-level keys of <see cref="Paths"/> but the required program, in PascalCase.</summary>
    public static IReadOnlyList<string> Clearable { get; } = Paths.Values
        .Select(p => p.Split('.')[0])
        .Where(key => key != "program")
        .Distinct(StringComparer.Ordinal)
        .Select(key => char.ToUpperInvariant(key[0]) + key.Substring(1))
        .ToList();

    /// <summary>A new definition from its identity and the property parameters among <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidDefinitionException">A value is refused; every finding names its parameter.</exception>
    public static BackgroundJobDefinition Define(string name, JobKind kind, JobScope? scope, string? user, IReadOnlyDictionary<string, object?> parameters)
    {
        var job = new JsonObject();
        job.Set("name", name);
        job.Set("kind", kind);
        if (scope is not null)
        {
            job.Set("scope", scope.Value);
        }

        if (user is not null)
        {
            job.Set("user", user);
        }

        Assign(job, parameters);
        return Read(job);
    }

    /// <summary>
    /// <paramref name="existing"/> with the property parameters among <paramref name="parameters"/> set and
    /// the properties named in <paramref name="clear"/> removed; identity and everything else stay.
    /// </summary>
    /// <exception cref="InvalidDefinitionException">A value is refused, or <paramref name="clear"/> names no property.</exception>
    public static BackgroundJobDefinition Change(BackgroundJobDefinition existing, IReadOnlyDictionary<string, object?> parameters, IReadOnlyList<string> clear)
    {
        if (existing is null || parameters is null || clear is null)
        {
            throw new ArgumentNullException(existing is null ? nameof(existing) : parameters is null ? nameof(parameters) : nameof(clear));
        }

        var unknown = clear.FirstOrDefault(c => !Clearable.Contains(c, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw new InvalidDefinitionException(new[]
            {
                new Finding(FindingSeverity.Error, "ClearUnknown", "-Clear", $"'{unknown}' is not a property. Use one of: {string.Join(", ", Clearable)}."),
            });
        }

        var job = JsonObject.From((YamlMapping)YamlTree.Parse(JsonForm.Write(new ConfigurationEntry(existing)), "existing")!);
        foreach (var property in clear)
        {
            job.Remove(EnumNames.YamlName(Clearable.First(c => string.Equals(c, property, StringComparison.OrdinalIgnoreCase))));
        }

        Assign(job, parameters);
        return Read(job) with { SourcePath = existing.SourcePath, Platform = existing.Platform, Origin = existing.Origin, Managed = existing.Managed };
    }

    private static void Assign(JsonObject job, IReadOnlyDictionary<string, object?> parameters)
    {
        foreach (var parameter in parameters)
        {
            if (Paths.TryGetValue(parameter.Key, out var path))
            {
                // -Sandbox takes a profile (in any case, as PowerShell users type enum values) or a hashtable of capabilities.
                var value = parameter.Key == "Sandbox" && parameter.Value is string text && Enum.TryParse<SandboxProfile>(text, ignoreCase: true, out var profile)
                    ? profile
                    : parameter.Value;
                job.SetPath(path.Split('.'), value);
            }
        }
    }

    private static BackgroundJobDefinition Read(JsonObject job)
    {
        var result = JsonForm.Read(job.ToJson(), "parameters");
        var findings = result.Findings
            .Concat(result.Document is { Entries.Count: 1 } read ? DefinitionValidator.Validate(read.Entries[0].Definition) : Array.Empty<Finding>())
            .Select(ForParameter)
            .ToList();
        if (result.Document is not { Entries.Count: 1 } document || findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            throw new InvalidDefinitionException(findings);
        }

        return document.Entries[0].Definition;
    }

    /// <summary>A loader finding reworded for parameters: the parameter's name instead of the key path, no file position.</summary>
    private static Finding ForParameter(Finding finding)
    {
        var parameter = Paths
            .Where(p => finding.Path == p.Value || finding.Path.StartsWith(p.Value + ".", StringComparison.Ordinal) || finding.Path.StartsWith(p.Value + "[", StringComparison.Ordinal)
                || p.Value.StartsWith(finding.Path + ".", StringComparison.Ordinal))
            .Select(p => "-" + p.Key)
            .FirstOrDefault();

        // The identity is given by parameters of the same names too (-Name, -Kind, -Scope, -User).
        var identity = finding.Path is "name" or "kind" or "scope" or "user" ? "-" + char.ToUpperInvariant(finding.Path[0]) + finding.Path.Substring(1) : null;
        return finding with { Path = parameter ?? identity ?? finding.Path, Location = null };
    }

    /// <summary>A JSON object that keeps its keys in order; values are already JSON text or nested objects.</summary>
    private sealed class JsonObject
    {
        private readonly List<KeyValuePair<string, object>> _members = new();

        public static JsonObject From(YamlMapping mapping)
        {
            var result = new JsonObject();
            foreach (var entry in mapping.Entries)
            {
                result.Put(entry.Key.Value, entry.Value is YamlMapping nested ? From(nested) : new RawJson(JsonForm.Node(entry.Value)));
            }

            return result;
        }

        public void Set(string key, object? value) => Put(key, new RawJson(Json(value)));

        public void SetPath(IReadOnlyList<string> path, object? value)
        {
            var target = this;
            foreach (var key in path.Take(path.Count - 1))
            {
                if (target.Get(key) is not JsonObject nested)
                {
                    nested = new JsonObject();
                    target.Put(key, nested);
                }

                target = nested;
            }

            target.Set(path[path.Count - 1], value);
        }

        public void Remove(string key) => _members.RemoveAll(m => m.Key == key);

        public string ToJson()
        {
            var builder = new StringBuilder("{");
            foreach (var member in _members)
            {
                builder.Append(builder.Length > 1 ? "," : string.Empty).Append(JsonForm.String(member.Key)).Append(':');
                builder.Append(member.Value is JsonObject nested ? nested.ToJson() : ((RawJson)member.Value).Text);
            }

            return builder.Append('}').ToString();
        }

        private object? Get(string key) => _members.FirstOrDefault(m => m.Key == key).Value;

        private void Put(string key, object value)
        {
            var index = _members.FindIndex(m => m.Key == key);
            if (index < 0)
            {
                _members.Add(new KeyValuePair<string, object>(key, value));
            }
            else
            {
                _members[index] = new KeyValuePair<string, object>(key, value);
            }
        }

        /// <summary>A parameter value as JSON: enums in their configuration spelling, durations as <c>15m</c>, hashtables as objects.</summary>
        private static string Json(object? value) => value switch
        {
            null => "null",
            string text => JsonForm.String(text),
            bool flag => flag ? "true" : "false",
            Enum named => JsonForm.String(EnumNames.YamlName(named.ToString())),
            Duration duration => JsonForm.String(duration.ToString()),
            SecureString secret => "{\"secret\":" + JsonForm.String(Reveal(secret)) + "}",
            TimeSpan span => JsonForm.String(new Duration(span).ToString()),
            sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            float or double or decimal => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            IDictionary map => "{" + string.Join(",", map.Keys.Cast<object>().Select(k => JsonForm.String(Convert.ToString(k, CultureInfo.InvariantCulture) ?? string.Empty) + ":" + Json(map[k]))) + "}",
            IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Json)) + "]",
            _ => JsonForm.String(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
        };

        /// <summary>A secure string's text, for the one place it must go: the job's environment, marked secret.</summary>
        private static string Reveal(SecureString secret)
        {
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
            try
            {
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        private sealed record RawJson(string Text);
    }
}
