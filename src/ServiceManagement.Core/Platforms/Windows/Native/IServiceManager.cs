using System.Security;

namespace ServiceManagement.Platforms.Windows.Native;

/// <summary>
/// What the service store asks of the service control manager; <see cref="ServiceControlManager"/> is the
/// real one (advapi32), and tests on Linux give a fake.
/// </summary>
internal interface IServiceManager : IDisposable
{
    IReadOnlyList<string> Enumerate();

    /// <summary>The service's configuration; null when there is no such service.</summary>
    ServiceConfiguration? Query(string name);

    /// <summary>The service's runtime state; null when there is no such service.</summary>
    ServiceRuntime? Status(string name);

    void Create(ServiceConfiguration service, SecureString? password);

    /// <summary>Changes an existing service; a null password keeps the one the manager has.</summary>
    void Configure(ServiceConfiguration service, SecureString? password);

    void Start(string name, IReadOnlyList<string> arguments, TimeSpan timeout);

    void Stop(string name, TimeSpan timeout);

    /// <summary>Deletes the service and waits until the manager has let it go.</summary>
    void Delete(string name, TimeSpan timeout);

    /// <summary>
    /// Calls <paramref name="changed"/> with the index among <paramref name="names"/> of each service the manager announces
    /// a change of, until disposed; null when the manager cannot announce them (then they are read at an interval).
    /// </summary>
    IDisposable? Notify(IReadOnlyList<string> names, Action<int> changed);
}
