using System.Globalization;
using System.Text;
using ServiceManagement.Configuration;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Windows;

internal enum ServiceStartType
{
    Automatic,
    Manual,
    Disabled,
}

/// <summary>One failure action: restart the service (after a delay), or do nothing (stop restarting).</summary>
internal sealed record ServiceFailureAction(bool Restart, int DelayMilliseconds);

/// <summary>What the SCM does when the service fails: the actions for the 1st, 2nd, … failure (the last repeats).</summary>
internal sealed record ServiceFailureActions(int ResetPeriodSeconds, ValueList<ServiceFailureAction> Actions)
{
    /// <summary>Also act when the service stops with a non-zero exit code, not only when it crashes.</summary>
    public bool OnNonCrashFailures { get; init; }
}

/// <summary>
/// A service as the service control manager and its registry key hold it: what CreateService,
/// ChangeServiceConfig(2) and the key's <c>Environment</c> value set, and our ownership marker. Its JSON
/// form is what <c>svcmgmt convert --to scm</c> prints and reads.
/// </summary>
internal sealed record ServiceConfiguration(string ServiceName, string ImagePath)
{
    public string? DisplayName { get; init; }

    public ServiceStartType StartType { get; init; } = ServiceStartType.Automatic;

    public bool DelayedAutoStart { get; init; }

    /// <summary>LocalSystem, NT AUTHORITY\LocalService, NT AUTHORITY\NetworkService, NT SERVICE\name, DOMAIN\user or a gMSA (DOMAIN\name$).</summary>
    public string Account { get; init; } = "LocalSystem";

    public string? Description { get; init; }

    public ServiceFailureActions? FailureActions { get; init; }

    /// <summary>The key's Environment value: NAME=value strings.</summary>
    public ValueList<string> Environment { get; init; } = ValueList<string>.Empty;

    public ValueList<string> Dependencies { get; init; } = ValueList<string>.Empty;

    /// <summary>None, Unrestricted or Restricted; null leaves the SCM's default.</summary>
    public string? SidType { get; init; }

    public ValueList<string> RequiredPrivileges { get; init; } = ValueList<string>.Empty;

    /// <summary>
    /// Named pipes (<c>\\.\pipe\NAME</c>, by NAME) whose first opening starts the service: its start triggers on
    /// a network endpoint (NAMED_PIPE_EVENT_GUID). Other triggers a service may have are not read, and are left as they are.
    /// </summary>
    public ValueList<string> StartPipes { get; init; } = ValueList<string>.Empty;

    public bool Managed { get; init; }

    public string ToJson()
    {
        var members = new List<string>
        {
            Member("serviceName", Quote(ServiceName)),
            Member("displayName", Quote(DisplayName)),
            Member("imagePath", Quote(ImagePath)),
            Member("startType", Quote(EnumNames.YamlName(StartType.ToString()))),
            Member("delayedAutoStart", DelayedAutoStart ? "true" : "false"),
            Member("account", Quote(Account)),
            Member("description", Quote(Description)),
            Member("failureActions", FailureActions is null ? "null" : "{" + string.Join(", ",
                Member("resetPeriodSeconds", FailureActions.ResetPeriodSeconds.ToString(CultureInfo.InvariantCulture)),
                Member("onNonCrashFailures", FailureActions.OnNonCrashFailures ? "true" : "false"),
                Member("actions", "[" + string.Join(", ", FailureActions.Actions.Select(a => "{" + Member("type", Quote(a.Restart ? "restart" : "none")) + ", " + Member("delayMilliseconds", a.DelayMilliseconds.ToString(CultureInfo.InvariantCulture)) + "}")) + "]")) + "}"),
            Member("environment", List(Environment)),
            Member("dependencies", List(Dependencies)),
            Member("sidType", Quote(SidType)),
            Member("requiredPrivileges", List(RequiredPrivileges)),
            Member("startPipes", List(StartPipes)),
            Member("managed", Managed ? "true" : "false"),
        };
        return "{\n" + string.Join(",\n", members.Select(m => "  " + m)) + "\n}\n";
    }

    /// <summary>Reads the JSON form back — one object, or an array of them; a missing or mistyped member is a <see cref="FormatException"/> naming it.</summary>
    public static IReadOnlyList<ServiceConfiguration> FromJson(string json, string source) => YamlTree.Parse(json, source) switch
    {
        YamlMapping one => new[] { FromMapping(one, source) },
        YamlSequence many => many.Items.Select(item => item as YamlMapping ?? throw new FormatException($"{source}: each service configuration is a JSON object.")).Select(m => FromMapping(m, source)).ToList(),
        _ => throw new FormatException($"{source}: a service configuration is a JSON object."),
    };

    private static ServiceConfiguration FromMapping(YamlMapping root, string source)
    {
        YamlNode? Find(YamlMapping mapping, string key) => mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Value;
        string? Text(YamlMapping mapping, string key) => Find(mapping, key) switch
        {
            null => null,
            YamlScalar { Type: YamlScalarType.Null } => null,
            YamlScalar scalar => scalar.Value,
            _ => throw new FormatException($"{source}: {key} must be text."),
        };
        string Required(YamlMapping mapping, string key) => Text(mapping, key) ?? throw new FormatException($"{source}: {key} is missing.");
        ValueList<string> Strings(string key) => Find(root, key) switch
        {
            null => ValueList<string>.Empty,
            YamlSequence items => ValueList<string>.From(items.Items.Select(i => (i as YamlScalar)?.Value ?? throw new FormatException($"{source}: {key} holds text only."))),
            _ => throw new FormatException($"{source}: {key} must be a list."),
        };
        int Number(YamlMapping mapping, string key) =>
            int.TryParse(Required(mapping, key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{source}: {key} must be a whole number.");
        bool Flag(YamlMapping mapping, string key) => Text(mapping, key) is { } text && (text == "true" || (text == "false" ? false : throw new FormatException($"{source}: {key} must be true or false.")));

        var startType = Required(root, "startType");
        var failure = Find(root, "failureActions") as YamlMapping;
        return new ServiceConfiguration(Required(root, "serviceName"), Required(root, "imagePath"))
        {
            DisplayName = Text(root, "displayName"),
            StartType = Enum.TryParse<ServiceStartType>(startType, ignoreCase: true, out var type) ? type : throw new FormatException($"{source}: startType '{startType}' is not automatic, manual or disabled."),
            DelayedAutoStart = Flag(root, "delayedAutoStart"),
            Account = Text(root, "account") ?? "LocalSystem",
            Description = Text(root, "description"),
            FailureActions = failure is null ? null : new ServiceFailureActions(
                Number(failure, "resetPeriodSeconds"),
                ValueList<ServiceFailureAction>.From(((Find(failure, "actions") as YamlSequence)?.Items ?? Array.Empty<YamlNode>()).Select(a => a is YamlMapping action
                    ? new ServiceFailureAction(Required(action, "type") == "restart", Number(action, "delayMilliseconds"))
                    : throw new FormatException($"{source}: each failure action is an object."))))
            {
                OnNonCrashFailures = Flag(failure, "onNonCrashFailures"),
            },
            Environment = Strings("environment"),
            Dependencies = Strings("dependencies"),
            SidType = Text(root, "sidType"),
            RequiredPrivileges = Strings("requiredPrivileges"),
            StartPipes = Strings("startPipes"),
            Managed = Flag(root, "managed"),
        };
    }

    private static string Member(string key, string json) => JsonForm.String(key) + ": " + json;

    private static string Quote(string? text) => text is null ? "null" : JsonForm.String(text);

    private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(JsonForm.String)) + "]";
}
