using ServiceManagement.Model;
using ServiceManagement.Text;

namespace ServiceManagement.Validation;

/// <summary>Findings as a check collects them.</summary>
public static partial class DefinitionValidator
{
    private sealed class Findings
    {
        public List<Finding> List { get; } = new();

        public void Add(Finding finding) => List.Add(finding);

        public void Error(string code, string path, string message) => List.Add(new Finding(FindingSeverity.Error, code, path, message));

        public bool HasErrorAt(string path) =>
            List.Any(f => f.Severity == FindingSeverity.Error
                && (f.Path == path || f.Path.StartsWith(path + ".", StringComparison.Ordinal) || path.StartsWith(f.Path + ".", StringComparison.Ordinal)));

        /// <summary>Reports control characters and excess length; true when the text is clean.</summary>
        public bool Text(string path, string? text, int maxLength, bool isKey = false)
        {
            if (text is null)
            {
                return true;
            }

            var clean = true;
            if (text.Length > maxLength)
            {
                Error("TooLong", path, $"The {(isKey ? "key" : "value")} is {text.Length} characters long; at most {maxLength} are allowed here.");
                clean = false;
            }

            var control = text.FirstOrDefault(char.IsControl);
            if (control != default(char) || text.IndexOf('\0') >= 0)
            {
                Error("ControlCharacter", path,
                    $"The {(isKey ? "key" : "value")} contains the control character U+{(int)control:X4}; newlines, carriage returns, NUL and other control characters are not allowed in job settings.");
                clean = false;
            }

            if (HasLoneSurrogate(text))
            {
                Error("TextInvalid", path, $"The {(isKey ? "key" : "value")} contains half of a UTF-16 surrogate pair, which no file can hold; check how it was produced.");
                clean = false;
            }

            return clean;
        }

        private static bool HasLoneSurrogate(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A drive's root (<c>C:\</c>, <c>C:/</c>) or a share (<c>\\server\share</c>) begins the path. By hand, not
        /// by a regular expression: building one is the most a short command (<c>svcmgmt dsc test</c>) would spend on it.
        /// </summary>
        private static bool IsWindowsAbsolute(string value)
        {
            static bool Separator(char c) => c is '\\' or '/';
            if (value.Length >= 3 && value[1] == ':' && Separator(value[2]) && Ascii.IsLetter(value[0]))
            {
                return true;
            }

            var share = value.StartsWith(@"\\", StringComparison.Ordinal) ? value.IndexOfAny(PathSeparators, 2) : -1;
            return share > 2 && share + 1 < value.Length && !Separator(value[share + 1]);
        }

        public void AbsolutePath(string path, string? value, TargetOperatingSystem? os)
        {
            if (value is null || !Text(path, value, MaxPathLength))
            {
                return;
            }

            var posix = value.StartsWith("/", StringComparison.Ordinal);
            var windows = IsWindowsAbsolute(value);
            var absolute = os switch
            {
                TargetOperatingSystem.Windows => windows,
                null => posix || windows,
                _ => posix,
            };
            if (!absolute)
            {
                var example = os == TargetOperatingSystem.Windows ? @"C:\Program Files\App\app.exe" : "/usr/local/bin/app";
                Error("PathNotAbsolute", path, $"'{Shorten(value)}' is not an absolute path{(os is null ? string.Empty : " on " + os)}; write the full path, such as {example}.");
            }
            else if (value.Split('/', '\\').Any(segment => segment is "." or ".."))
            {
                Error("PathNotNormalized", path, $"'{Shorten(value)}' contains '.' or '..' segments; write the path it resolves to.");
            }
        }

        public void Positive(string path, Duration? duration)
        {
            if (duration is { } value && value.Value <= TimeSpan.Zero)
            {
                Error("DurationNotPositive", path, $"The duration must be greater than zero; it is {value}.");
            }
        }
    }
}
