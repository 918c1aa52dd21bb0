using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ServiceManagement.Configuration;
using ServiceManagement.DesiredState;
using ServiceManagement.Model;
using ServiceManagement.Platforms;
using ServiceManagement.Validation;

namespace ServiceManagement.Cli;

// What svcmgmt --json prints, as types the JSON source generator knows (no reflection: svcmgmt is NativeAOT).
internal sealed record FindingJson(FindingSeverity Severity, string Code, string Path, string Message, string? File, int? Line, int? Column)
{
    public static FindingJson Of(Finding finding) =>
        new(finding.Severity, finding.Code, finding.Path, finding.Message, finding.Location?.File, finding.Location?.Line, finding.Location?.Column);
}

internal sealed record JobJson(
    string Name, JobKind Kind, JobScope Scope, string? User, JobState State, StartupType? StartupType, bool Managed, bool Masked,
    JobPlatform? Platform, string? Program, string? SourcePath, IEnumerable<FindingJson> Findings, BackgroundTaskItem? BackgroundTask);

internal sealed record PlanItemJson(string Name, JobKind Kind, JobScope Scope, string? User, PlanAction Action, IEnumerable<PropertyChange> Changes, IReadOnlyList<string> Files, string? Diff);

internal sealed record PlanJson(bool Empty, IEnumerable<PlanItemJson> Items, IEnumerable<FindingJson> Notes)
{
    public static PlanJson Of(Plan plan) => new(
        plan.IsEmpty,
        plan.Items.Select(i => new PlanItemJson(i.Name, i.Kind, i.Scope, i.User, i.Action, i.Changes, i.Files, i.Diff.Length == 0 ? null : i.Diff)),
        plan.Notes.Select(FindingJson.Of));
}

internal sealed record ApplyJson(PlanJson Plan, bool WhatIf, IReadOnlyList<string> ChangedFiles, IReadOnlyList<string> RolledBack, IReadOnlyList<string> Notes, string? Error);

internal sealed record ChangeJson(IReadOnlyList<string> ChangedFiles, IReadOnlyList<string> Notes);

internal sealed record SupportJson(string Property, string Platform, SupportLevel Level, string Note);

internal sealed record ValidateJson(bool Valid, IEnumerable<FindingJson> Findings);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(IEnumerable<JobJson>))]
[JsonSerializable(typeof(List<JobLog>))]
[JsonSerializable(typeof(List<JobSecurity>))]
[JsonSerializable(typeof(PlanJson))]
[JsonSerializable(typeof(ApplyJson))]
[JsonSerializable(typeof(ChangeJson))]
[JsonSerializable(typeof(IEnumerable<SupportJson>))]
[JsonSerializable(typeof(ValidateJson))]
[JsonSerializable(typeof(BackgroundJobEvent))]
[JsonSerializable(typeof(BackgroundTaskItem))]
internal sealed partial class CliJson : JsonSerializerContext
{
    private static JsonSerializerOptions? _camel;

    /// <summary>
    /// The generated metadata, with every enum written as its camelCase name, as configuration files spell it.
    /// Made on first use: static initializers in the generated half of this class run in no set order.
    /// </summary>
    private static JsonSerializerOptions Camel => _camel ??= new()
    {
        TypeInfoResolver = Default,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters =
        {
            new JsonStringEnumConverter<JobKind>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<JobScope>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<JobState>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<StartupType>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<JobPlatform>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<FindingSeverity>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<PlanAction>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<SupportLevel>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<BackgroundTaskKind>(JsonNamingPolicy.CamelCase),
        },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Camel.GetTypeInfo(typeof(T)));

    /// <summary>One value on one line (JSON Lines).</summary>
    public static string SerializeLine<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)CamelLine.GetTypeInfo(typeof(T)));

    private static JsonSerializerOptions? _camelLine;

    private static JsonSerializerOptions CamelLine => _camelLine ??= new(Camel) { WriteIndented = false };
}
