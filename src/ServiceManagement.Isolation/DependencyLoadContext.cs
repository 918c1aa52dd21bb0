#if NET
using System.Reflection;
using System.Runtime.Loader;

namespace ServiceManagement.Isolation;

/// <summary>
/// The module's own load context: an assembly found in the dependency folder loads from there, even when the
/// default context already holds another (or the same) version of it; anything else — PowerShell itself, the
/// runtime — comes from the default context, so that types such as PSObject stay the host's. An assembly the
/// runtime itself ships (Microsoft.Win32.Registry, System.Security.AccessControl, …) always comes from the
/// runtime: the folder's netstandard2.0 builds of those, there for Windows PowerShell 5.1, only throw
/// PlatformNotSupportedException.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    /// <summary>Where the runtime's own assemblies are (the shared framework, or a self-contained PowerShell's folder).</summary>
    private static readonly string RuntimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();

    private readonly string _directory;

    public DependencyLoadContext(string directory)
        : base("ServiceManagement")
    {
        _directory = directory;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (File.Exists(Path.Combine(RuntimeDirectory, assemblyName.Name + ".dll")))
        {
            return null;
        }

        var path = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
#endif
