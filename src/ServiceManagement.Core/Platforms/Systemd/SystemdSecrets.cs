using System.Text;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Systemd;

/// <summary>
/// A job's secret environment values, kept apart from its unit in a file only root, or the job's user, can read:
/// one NAME=VALUE per line, read back strictly.
/// </summary>
internal static class SystemdSecrets
{
    /// <summary>
    /// Where a unit of ours finds its secret values: a file under the manager's configuration directory
    /// (<c>%E</c>: /etc for the system, ~/.config for a user) that only root, or that user, can read. systemd
    /// publishes <c>Environment=</c> to every local user (<c>systemctl show</c>), but of <c>EnvironmentFile=</c>
    /// only the path. No leading '-': a job whose secrets are missing fails to start rather than running without them.
    /// </summary>
    public const string EnvironmentFile = "%E/servicemanagement/secrets/%N.env";

    /// <summary>The secrets file of a job, relative to the manager's configuration directory.</summary>
    public static string FileName(string name) => RelativeDirectory + name + ".env";

    /// <summary>Where secrets files live, relative to the manager's configuration directory.</summary>
    public const string RelativeDirectory = "servicemanagement/secrets/";

    /// <summary>
    /// The secrets file: one <c>NAME="value"</c> line per secret, in the double quotes of systemd's environment
    /// files, where only <c>\ " ` $</c> are escaped. Values hold no control characters (validation), so one line each.
    /// </summary>
    public static string Render(BackgroundJobDefinition definition)
    {
        var text = new System.Text.StringBuilder("# Secret environment of " + (definition ?? throw new ArgumentNullException(nameof(definition))).Name + ", written by ServiceManagement.\n");
        foreach (var name in definition.SecretEnvironment.Where(definition.Environment.ContainsKey).Distinct().OrderBy(n => n, StringComparer.Ordinal))
        {
            text.Append(name).Append("=\"");
            foreach (var c in definition.Environment[name])
            {
                text.Append(c is '\\' or '"' or '`' or '$' ? "\\" + c : c.ToString());
            }

            text.Append("\"\n");
        }

        return text.ToString();
    }

    /// <summary>Reads a secrets file as <see cref="Render"/> writes it; anything else is an <see cref="Validation.InvalidDefinitionException"/> naming the file and line.</summary>
    public static ValueMap<string> Parse(string text, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (text ?? throw new ArgumentNullException(nameof(text))).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0 || equals + 1 >= line.Length || line[equals + 1] != '"' || line[line.Length - 1] != '"' || line.Length < equals + 3)
            {
                throw Malformed(path, index, "no quoted value");
            }

            var value = new System.Text.StringBuilder();
            for (var i = equals + 2; i < line.Length - 1; i++)
            {
                var c = line[i];
                if (c == '"')
                {
                    throw Malformed(path, index, "an unescaped quote inside the value");
                }

                if (c == '\\')
                {
                    if (++i >= line.Length - 1)
                    {
                        throw Malformed(path, index, "a backslash at the end of the value");
                    }

                    c = line[i];
                }

                value.Append(c);
            }

            values[line.Substring(0, equals)] = value.ToString();
        }

        return ValueMap<string>.From(values);
    }

    private static Validation.InvalidDefinitionException Malformed(string path, int index, string what) =>
        new(new[] { new Validation.Finding(Validation.FindingSeverity.Error, "SecretsFileMalformed", "environment", $"Line {index + 1} of the secrets file {path} is not NAME=\"value\" ({what}).") { Location = new Validation.SourceLocation(path, index + 1, 1) } });
}
