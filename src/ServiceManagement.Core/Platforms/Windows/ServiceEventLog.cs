using System.Globalization;
using System.Xml;
using ServiceManagement.Model;
using ServiceManagement.Processes;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// The Service Control Manager's events in the System event log, through <c>wevtutil qe</c> with rendered
/// XML: one <c>&lt;Event&gt;</c> element after another (no root), newest first, each with
/// <c>System/TimeCreated/@SystemTime</c>, <c>System/Level</c> (1 critical, 2 error, 3 warning, 4 information),
/// <c>EventData/Data[@Name='param1']</c> (the service's display name) and <c>RenderingInfo/Message</c>.
/// </summary>
internal static class ServiceEventLog
{
    /// <summary>How many of the newest SCM events are read before they are narrowed to one service.</summary>
    public const int Window = 2000;

    public static CommandLine Command(LogQuery query)
    {
        var filter = "Provider[@Name='Service Control Manager']";
        if ((query ?? throw new ArgumentNullException(nameof(query))).Since is { } since)
        {
            filter += " and TimeCreated[@SystemTime>='" + since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + "']";
        }

        return new CommandLine("wevtutil", new[] { "qe", "System", "/q:*[System[" + filter + "]]", "/rd:true", "/f:RenderedXml", "/c:" + Window.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>The events whose first parameter names the service (its name or display name), oldest first.</summary>
    public static IReadOnlyList<JobLogEntry> Parse(string output, IReadOnlyCollection<string> names, int? tail)
    {
        var entries = new List<JobLogEntry>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64L << 20, IgnoreWhitespace = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader("<Events>" + (output ?? throw new ArgumentNullException(nameof(output))) + "</Events>"), settings);
            var document = new XmlDocument { XmlResolver = null };
            document.Load(reader);
            foreach (var node in document.DocumentElement!.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Event"))
            {
                var subject = Child(node, "EventData")?.ChildNodes.OfType<XmlElement>().FirstOrDefault(d => d.GetAttribute("Name") == "param1")?.InnerText;
                if (subject is null || !names.Contains(subject, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                var system = Child(node, "System");
                var time = Child(system, "TimeCreated")?.GetAttribute("SystemTime") is { Length: > 0 } stamp && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : (DateTimeOffset?)null;
                var level = Child(system, "Level")?.InnerText switch { "1" or "2" => "error", "3" => "warning", _ => "info" };
                var message = Child(Child(node, "RenderingInfo"), "Message")?.InnerText ?? $"event {Child(system, "EventID")?.InnerText}";
                entries.Add(new JobLogEntry(time, "event log", level, message.Trim()));
            }
        }
        catch (XmlException)
        {
            // Not wevtutil's output (an error message instead): no entries; the caller names the source and the error.
        }

        entries.Reverse();
        return tail is { } n ? entries.Skip(Math.Max(0, entries.Count - n)).ToList() : entries;
    }

    private static XmlElement? Child(XmlElement? parent, string name) => parent?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name);
}
