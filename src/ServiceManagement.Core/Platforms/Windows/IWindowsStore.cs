using System.Security;
using ServiceManagement.Model;

namespace ServiceManagement.Platforms.Windows;

/// <summary>
/// Where Windows keeps one kind of job — services, scheduled tasks, Run values — and how a change to one is
/// read, made and undone. A change holds each object as text (<see cref="Render"/>, <see cref="Current"/>) so
/// that what-if shows a diff and restoring puts back exactly what was there.
/// </summary>
internal interface IWindowsStore
{
    /// <summary>The jobs this store holds that <paramref name="query"/> selects.</summary>
    IEnumerable<InstalledJob> Jobs(JobQuery query);

    /// <summary>Where a job is written: for a declared job where it will be, for an installed one where it was found.</summary>
    WindowsObject Locate(BackgroundJobDefinition definition);

    /// <summary>The text <see cref="Apply"/> makes the object from; a job ServiceManagement did not create stays its vendor's.</summary>
    string Render(BackgroundJobDefinition definition, InstalledJob? existing);

    /// <summary>The object's current text in the form <see cref="Render"/> gives; null when it does not exist.</summary>
    string? Current(WindowsObject target);

    /// <summary>The installed job at <paramref name="target"/>, read from the text <see cref="Current"/> just gave.</summary>
    InstalledJob? Existing(WindowsObject target, string current, BackgroundJobDefinition declared);

    /// <summary>What only this store refuses before anything is written; <paramref name="desired"/> is null for a removal.</summary>
    void Check(BackgroundJobDefinition? desired, InstalledJob? existing, WriteOptions options);

    /// <summary>Makes the object match <paramref name="content"/>, or deletes it when null.</summary>
    void Apply(WindowsObject target, string? content, SecureString? password);

    void Start(BackgroundJobDefinition definition);

    void Stop(BackgroundJobDefinition definition);

    void SetEnabled(BackgroundJobDefinition definition, bool enabled);

    /// <summary>The status of each of <paramref name="jobs"/> (all of this store), in their order, from one query.</summary>
    IReadOnlyList<BackgroundJobStatus> Status(IReadOnlyList<InstalledJob> jobs);
}
