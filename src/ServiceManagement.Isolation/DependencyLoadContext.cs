#if NET
using System.Reflection;
using System.Runtime.Loader;

namespace ServiceManagement.Isolation;

/// <summary>
/// The module's own load context: an assembly found in the dependency folder loads from there, even when the
/// default context already holds another (or the same) version of it; anything else — PowerShell itself, the
/// runtime — comes from the default context, so that types such as PSObject stay the host's.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _directory;

    public DependencyLoadContext(string directory)
        : base("ServiceManagement")
    {
        _directory = directory;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
#endif
