using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ServiceManagement.Errors;
using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Agents and scheduled daemons as Task Scheduler tasks (task XML, schema 1.2) in the <c>\ServiceManagement\</c>
/// folder. An agent runs at logon — of its user, or of anyone in the Users group when it is for every user —
/// with an interactive token and least privilege; a scheduled daemon runs as SYSTEM on its schedule's
/// triggers. Every task runs without an execution time limit (the default stops it after 72 hours),
/// regardless of battery power, and a restart policy becomes RestartOnFailure. The task's Source
/// (<c>ServiceManagement</c>) is our ownership marker; its Documentation keeps the cron text, so that a
/// schedule reads back exactly.
/// </summary>
/// <remarks>
/// cron becomes calendar triggers: one per time of day (minute × hour) for each day pattern (every day,
/// weekdays, days of the month; cron's either-day rule when both are restricted is two patterns). Task
/// Scheduler allows 48 triggers: a time set larger than that is accepted only as "every N minutes all day",
/// which becomes one trigger with a repetition. Elements follow the schema's sequences (a trigger's Enabled,
/// StartBoundary, Repetition; an action's Command, Arguments, WorkingDirectory).
/// A task not ours whose XML says more than the model renders (other triggers, settings, actions)
/// keeps its XML as registered under the raw key <see cref="XmlKey"/>: rendered unchanged while the modelled
/// properties are unchanged, and otherwise rendered from the model with every element the model does not
/// write (top-level, in RegistrationInfo and in Settings) carried over from it.
/// </remarks>
internal static partial class TaskTranslator
{
    public const string Folder = "\\ServiceManagement\\";
    public const string Marker = "ServiceManagement";
    private const string CronPrefix = "cron: ";
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n";
    private const string SystemSid = "S-1-5-18";
    private const string UsersSid = "S-1-5-32-545";
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/windows/2004/02/mit/task";

    /// <summary>The raw Windows key that holds a task's XML as registered.</summary>
    public const string XmlKey = PlatformTargets.TaskXmlKey;

    /// <summary>Where the task is registered: where its registered XML says, else our folder.</summary>
    public static string Path(BackgroundJobDefinition definition) =>
        Registered(definition) is { } xml && XDocument.Parse(xml).Root?.Element(Ns + "RegistrationInfo")?.Element(Ns + "URI")?.Value is { Length: > 0 } uri
            ? uri
            : Folder + definition.Name;

    /// <summary>True when a definition carries a task's XML as registered: it is that task, whatever its kind.</summary>
    private static string? Registered(BackgroundJobDefinition d) => PlatformTargets.RegisteredTaskXml(d);

    /// <summary>The task XML for <paramref name="d"/>; a user task that names nobody belongs to <paramref name="currentUser"/>.</summary>
    public static string Render(BackgroundJobDefinition d, string currentUser)
    {
        if (d is null)
        {
            throw new ArgumentNullException(nameof(d));
        }

        if (d.Scope == JobScope.User && d.User is null)
        {
            d = d with { User = currentUser };
        }

        var other = d.Windows.Keys.Where(k => k != XmlKey).ToList();
        if (other.Count > 0)
        {
            throw new UnsupportedFormatException($"{d.Name}: a scheduled task takes no raw Windows settings but {XmlKey} ({string.Join(", ", other)}).");
        }

        var registered = Registered(d);
        if (registered is null)
        {
            return RenderModel(d);
        }

        if (Modelled(Parse(registered, d.Name)) == Modelled(d))
        {
            return Declaration + registered + "\n";
        }

        var fresh = XDocument.Parse(RenderModel(d)).Root!;
        var original = XDocument.Parse(registered).Root!;
        CarryOver(original, fresh);
        CarryOver(original.Element(Ns + "RegistrationInfo"), fresh.Element(Ns + "RegistrationInfo"));
        CarryOver(original.Element(Ns + "Settings"), fresh.Element(Ns + "Settings"));
        return Declaration + fresh.ToString().Replace("\r\n", "\n") + "\n";
    }

    /// <summary>Adds to <paramref name="target"/> each child of <paramref name="source"/> it has no element of that name for.</summary>
    private static void CarryOver(XElement? source, XElement? target)
    {
        foreach (var element in source?.Elements().Where(e => target?.Element(e.Name) is null) ?? Enumerable.Empty<XElement>())
        {
            target!.Add(new XElement(element));
        }
    }

    /// <summary>What the model says of a task, without what travels beside it.</summary>
    private static BackgroundJobDefinition Modelled(BackgroundJobDefinition d) =>
        d with { Unmodelled = ValueMap<RawValue>.Empty, Windows = ValueMap<RawValue>.Empty, Managed = false, Platform = null, SourcePath = null, Origin = JobOrigin.Authored };

    private static string RenderModel(BackgroundJobDefinition d)
    {
        if (d.Program is null)
        {
            throw new UnsupportedFormatException($"{d.Name}: a task needs a program.");
        }

        var registration = new XElement(Ns + "RegistrationInfo");
        if (d.Description is not null)
        {
            registration.Add(new XElement(Ns + "Description", d.Description));
        }

        registration.Add(new XElement(Ns + "Source", Marker));
        if (d.Schedule?.Cron is { } cron)
        {
            registration.Add(new XElement(Ns + "Documentation", CronPrefix + cron.Text));
        }

        registration.Add(new XElement(Ns + "URI", Path(d)));
        var settings = new XElement(Ns + "Settings",
            new XElement(Ns + "MultipleInstancesPolicy", "IgnoreNew"),
            new XElement(Ns + "DisallowStartIfOnBatteries", "false"),
            new XElement(Ns + "StopIfGoingOnBatteries", "false"),
            new XElement(Ns + "ExecutionTimeLimit", "PT0S"),
            new XElement(Ns + "Enabled", d.StartupType == StartupType.Disabled ? "false" : "true"));
        if (d.Restart is { Policy: not RestartCondition.Never } restart)
        {
            settings.Add(new XElement(Ns + "RestartOnFailure",
                new XElement(Ns + "Interval", Iso(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMinute, restart.Delay?.Value.Ticks ?? 0)))),
                new XElement(Ns + "Count", (restart.Throttle?.Burst ?? 999).ToString(CultureInfo.InvariantCulture))));
        }

        if (d.ResourceLimits?.Nice is { } nice)
        {
            settings.Add(new XElement(Ns + "Priority", Math.Max(0, Math.Min(10, 7 + (nice / 5))).ToString(CultureInfo.InvariantCulture)));
        }

        var exec = new XElement(Ns + "Exec", new XElement(Ns + "Command", d.Program));
        if (d.Arguments.Count > 0)
        {
            exec.Add(new XElement(Ns + "Arguments", WindowsCommandLine.JoinArguments(d.Arguments)));
        }

        if (d.WorkingDirectory is not null)
        {
            exec.Add(new XElement(Ns + "WorkingDirectory", d.WorkingDirectory));
        }

        var task = new XElement(Ns + "Task", new XAttribute("version", "1.2"),
            registration,
            new XElement(Ns + "Triggers", d.StartupType == StartupType.Manual ? Array.Empty<XElement>() : Triggers(d)),
            new XElement(Ns + "Principals", Principal(d)),
            settings,
            new XElement(Ns + "Actions", new XAttribute("Context", "Author"), exec));
        return Declaration + task.ToString().Replace("\r\n", "\n") + "\n";
    }

    /// <summary>A task read back: ours (Source is the marker) with its exact schedule; anyone's with what its XML says.</summary>
    public static BackgroundJobDefinition Parse(string xml, string name)
    {
        XElement task;
        try
        {
            RequireShallow(xml, name);
            task = XDocument.Parse(xml).Root!;
        }
        catch (XmlException ex)
        {
            throw new FormatException($"{name}: the task XML is malformed at line {ex.LineNumber}, column {ex.LinePosition}: {ex.Message}", ex);
        }

        XElement? Child(XElement? parent, string local) => parent?.Element(Ns + local);
        var registration = Child(task, "RegistrationInfo");
        var principal = Child(Child(task, "Principals"), "Principal");
        var settings = Child(task, "Settings");
        var exec = Child(Child(task, "Actions"), "Exec");
        var triggers = Child(task, "Triggers")?.Elements().ToList() ?? new List<XElement>();
        var userId = Child(principal, "UserId")?.Value;
        var isSystem = userId is SystemSid or "SYSTEM" or "NT AUTHORITY\\SYSTEM";
        var logon = triggers.FirstOrDefault(t => t.Name == Ns + "LogonTrigger");
        var kind = isSystem || (logon is null && triggers.Count > 0 && userId is not null && Child(principal, "LogonType")?.Value != "InteractiveToken") ? JobKind.Daemon : JobKind.Agent;
        var scope = kind == JobKind.Daemon || Child(principal, "GroupId") is not null ? JobScope.System : JobScope.User;
        var enabled = Child(settings, "Enabled")?.Value != "false";
        var documentation = Child(registration, "Documentation")?.Value;
        var schedule = documentation is not null && documentation.StartsWith(CronPrefix, StringComparison.Ordinal)
            ? Schedule.OnCron(documentation.Substring(CronPrefix.Length))
            : triggers.Select(Every).FirstOrDefault(e => e is not null) is { } every ? Schedule.EveryInterval(every) : null;
        var restart = Child(settings, "RestartOnFailure");
        var count = restart is null ? 0 : Number(Child(restart, "Count"), name, 1, 999);
        var interval = restart is null ? TimeSpan.Zero : Span(Child(restart, "Interval"), name);
        var argv = WindowsCommandLine.Split("\"" + (Child(exec, "Command")?.Value ?? string.Empty).Replace("\"", string.Empty) + "\" " + (Child(exec, "Arguments")?.Value ?? string.Empty));
        var definition = new BackgroundJobDefinition(name, kind, scope)
        {
            User = scope == JobScope.User ? userId : null,
            Program = argv[0].Length == 0 ? null : argv[0],
            Arguments = ValueList<string>.From(argv.Skip(1)),
            WorkingDirectory = Child(exec, "WorkingDirectory")?.Value,
            Description = Child(registration, "Description")?.Value,
            StartupType = !enabled ? StartupType.Disabled : triggers.Count == 0 ? StartupType.Manual : null,
            Restart = restart is null ? null : new RestartPolicy(RestartCondition.OnFailure)
            {
                Delay = interval > TimeSpan.FromMinutes(1) ? new Duration(interval) : null,
                Throttle = count is > 0 and < 999 ? new RestartThrottle(count, new Duration(TimeSpan.FromTicks(interval.Ticks * count))) : null,
            },
            Schedule = schedule,
            ResourceLimits = Child(settings, "Priority") is { } priority && priority.Value != "7"
                ? new ResourceLimits { Nice = (Number(priority, name, 0, 10) - 7) * 5 }
                : null,
            Managed = Child(registration, "Source")?.Value == Marker,
            Platform = JobPlatform.WindowsTask,
            Origin = JobOrigin.Machine,
        };
        // Task Scheduler adds its own elements to what we register, so only anyone else's task keeps its XML.
        return definition.Managed || (definition.Program is not null && SameXml(definition, task))
            ? definition
            : definition with { Unmodelled = ValueMap<RawValue>.From(new[] { (XmlKey, (RawValue)new RawScalar(Compact(task))) }) };
    }

    /// <summary>
    /// The task's XML on one line, as configuration values must be: no whitespace between elements (the
    /// task schema gives it no meaning) and line breaks inside text as character references.
    /// </summary>
    private static string Compact(XElement task) =>
        task.ToString(SaveOptions.DisableFormatting).Replace("\r", "&#13;").Replace("\n", "&#10;");

    /// <summary>Task XML nests a few levels; refusing deep input in one streaming pass keeps reading linear and the stack small.</summary>
    private static void RequireShallow(string xml, string name)
    {
        const int maxDepth = 32;
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (reader.Read())
        {
            if (reader.Depth > maxDepth)
            {
                var at = (IXmlLineInfo)reader;
                throw new FormatException($"{name}: the task XML nests deeper than {maxDepth} elements (line {at.LineNumber}, column {at.LinePosition}).");
            }
        }
    }

    private static bool SameXml(BackgroundJobDefinition definition, XElement task)
    {
        string rendered;
        try
        {
            rendered = RenderModel(definition);
        }
        catch (ArgumentException)
        {
            // Text XML cannot hold (a control character a task's own XML escaped): the model cannot say it.
            return false;
        }

        return XNode.DeepEquals(Canonical(XDocument.Parse(rendered).Root!), Canonical(task));
    }

    /// <summary>An element without insignificant whitespace, to compare with another.</summary>
    private static XElement Canonical(XElement element) =>
        new(element.Name, element.Attributes().OrderBy(a => a.Name.ToString(), StringComparer.Ordinal),
            element.HasElements ? element.Elements().Select(Canonical) : (object)element.Value.Trim());

    private static XElement Principal(BackgroundJobDefinition d)
    {
        var principal = new XElement(Ns + "Principal", new XAttribute("id", "Author"));
        var realm = d.Realm();
        if (realm == JobRealm.Machine)
        {
            principal.Add(new XElement(Ns + "UserId", d.RunAs?.Account ?? d.RunAs?.User ?? SystemSid), new XElement(Ns + "RunLevel", "HighestAvailable"));
        }
        else if (realm == JobRealm.EveryUser)
        {
            principal.Add(new XElement(Ns + "GroupId", UsersSid), new XElement(Ns + "RunLevel", "LeastPrivilege"));
        }
        else
        {
            principal.Add(new XElement(Ns + "UserId", d.User), new XElement(Ns + "LogonType", "InteractiveToken"), new XElement(Ns + "RunLevel", "LeastPrivilege"));
        }

        return principal;
    }

    private static Duration? Every(XElement trigger) =>
        trigger.Name == Ns + "TimeTrigger" && trigger.Element(Ns + "Repetition")?.Element(Ns + "Interval")?.Value is { } interval && trigger.Element(Ns + "Repetition")!.Element(Ns + "Duration") is null
            ? new Duration(XmlConvert.ToTimeSpan(interval))
            : null;

    /// <summary>A required whole number of task XML within its schema's range; anything else is a FormatException naming the element.</summary>
    private static int Number(XElement? element, string name, int minimum, int maximum) =>
        element is not null && int.TryParse(element.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new FormatException($"{name}: <{element?.Name.LocalName ?? "Count"}> must be a whole number from {minimum} to {maximum}.");

    /// <summary>A required ISO 8601 duration of task XML.</summary>
    private static TimeSpan Span(XElement? element, string name)
    {
        try
        {
            return XmlConvert.ToTimeSpan(element?.Value.Trim() ?? throw new FormatException($"{name}: <RestartOnFailure> needs an <Interval>."));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new FormatException($"{name}: '{element?.Value.Trim()}' is not an ISO 8601 duration such as PT5M.", ex);
        }
    }
}
