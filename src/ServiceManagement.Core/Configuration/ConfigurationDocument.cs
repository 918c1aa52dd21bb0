using ServiceManagement.Model;
using ServiceManagement.Validation;

namespace ServiceManagement.Configuration;

/// <summary>Whether a configured job should exist.</summary>
public enum Ensure
{
    Present,
    Absent,
}

/// <summary>Which of the two accepted document shapes a configuration was written in.</summary>
public enum ConfigurationForm
{
    /// <summary>Our own document: a top-level <c>jobs:</c> list.</summary>
    Jobs,

    /// <summary>A DSC v3 configuration document with <c>ServiceManagement/BackgroundJob</c> resources.</summary>
    Dsc,
}

/// <summary>One job of a configuration, with where it was written.</summary>
public sealed record ConfigurationEntry(BackgroundJobDefinition Definition, Ensure Ensure = Ensure.Present)
{
    /// <summary>The entry's path in the document (named so that a piped entry never binds to a cmdlet's -Path), such as <c>jobs[2]</c> or <c>resources[0].properties</c>.</summary>
    public string EntryPath { get; init; } = string.Empty;

    /// <summary>
    /// The run state declared (<c>state:</c>); null leaves it to the rule every front end shares,
    /// <see cref="RunStates.Expected"/>.
    /// </summary>
    public RunState? State { get; init; }

    /// <summary>Where each property's value was written, by path relative to the entry.</summary>
    public IReadOnlyDictionary<string, SourceLocation> Locations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>
    /// How this entry's definition was validated for an operating system when it was loaded, and what that
    /// found short of an error: a plan of the same definition for the same system uses it instead of validating again.
    /// </summary>
    internal EntryValidation? Validated { get; init; }

    /// <summary>Validates every entry: a job that should exist whole, a job to remove by its identity only (it needs no program; nothing else of it is written).</summary>
    public static IReadOnlyList<Finding> Validate(IReadOnlyList<ConfigurationEntry> entries, TargetOperatingSystem? os, INativeRules rules) =>
        Validate(entries, os, rules, out _);

    /// <summary>As the other overload, and each entry's own findings (unprefixed) in <paramref name="each"/>.</summary>
    internal static IReadOnlyList<Finding> Validate(IReadOnlyList<ConfigurationEntry> entries, TargetOperatingSystem? os, INativeRules rules, out IReadOnlyList<IReadOnlyList<Finding>> each) =>
        DefinitionValidator.ValidateAll(
            (entries ?? throw new ArgumentNullException(nameof(entries))).Select(e => e.Definition).ToList(),
            os,
            rules,
            entries.Select((e, i) => e.EntryPath.Length > 0 ? e.EntryPath : $"jobs[{i}]").ToList(),
            entries.Select(e => e.Ensure == Ensure.Absent).ToList(),
            out each);

    /// <summary>This entry, recorded as validated for <paramref name="os"/> with <paramref name="findings"/>.</summary>
    internal ConfigurationEntry ValidatedFor(TargetOperatingSystem os, IReadOnlyList<Finding> findings) =>
        this with { Validated = new EntryValidation(os, Definition, findings) };
}

/// <summary>The definition an entry held when it was validated for <paramref name="OperatingSystem"/>, and its findings short of an error.</summary>
internal sealed record EntryValidation(TargetOperatingSystem OperatingSystem, BackgroundJobDefinition Definition, IReadOnlyList<Finding> Findings)
{
    /// <summary>True when <paramref name="entry"/> still holds that very definition (not an edited copy) and <paramref name="os"/> is the system.</summary>
    public static bool Covers(ConfigurationEntry entry, TargetOperatingSystem os) =>
        entry.Validated is { } done && done.OperatingSystem == os && ReferenceEquals(done.Definition, entry.Definition);
}

/// <summary>A loaded configuration: every job it declares, in document order.</summary>
public sealed record ConfigurationDocument(ConfigurationForm Form, IReadOnlyList<ConfigurationEntry> Entries)
{
    public IEnumerable<BackgroundJobDefinition> Definitions => Entries.Select(e => e.Definition);
}

/// <summary>The outcome of loading: a document when the file could be read, and every finding on the way.</summary>
public sealed record ConfigurationLoadResult(ConfigurationDocument? Document, IReadOnlyList<Finding> Findings)
{
    /// <summary>
    /// Paths loading has already spoken for beyond its findings' own: the key a misspelt key probably
    /// meant, so that validation does not also call that key missing.
    /// </summary>
    internal IReadOnlyCollection<string> Covered { get; init; } = Array.Empty<string>();

}
