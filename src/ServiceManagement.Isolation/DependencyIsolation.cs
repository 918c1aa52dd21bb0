using System.Management.Automation;
using System.Reflection;

namespace ServiceManagement.Isolation;

/// <summary>
/// Makes <c>ServiceManagement.Core</c> and its dependencies load from the module's <c>bin/dependencies</c>
/// folder. On PowerShell 7 they load into <see cref="DependencyLoadContext"/>, isolated from whatever other
/// modules loaded; on Windows PowerShell 5.1 (.NET Framework, which has no load contexts) they load from that
/// folder by <c>AssemblyResolve</c>, so a different version of a strong-named dependency such as YamlDotNet
/// loads side by side with another module's, and the same version is shared.
/// </summary>
public sealed class DependencyIsolation : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineName = "ServiceManagement.Core";

    /// <summary>bin/dependencies, from bin/isolation/&lt;framework&gt;/ServiceManagement.Isolation.dll.</summary>
    internal static string DependencyDirectory { get; } =
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(DependencyIsolation).Assembly.Location)!, "..", "..", "dependencies"));

#if NET
    private static readonly DependencyLoadContext Context = new(DependencyDirectory);

    public void OnImport() => System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += ResolveEngine;

    public void OnRemove(PSModuleInfo psModuleInfo) => System.Runtime.Loader.AssemblyLoadContext.Default.Resolving -= ResolveEngine;

    /// <summary>Only the engine is resolved from the default context; the engine's own references then resolve in <see cref="Context"/>.</summary>
    private static Assembly? ResolveEngine(System.Runtime.Loader.AssemblyLoadContext defaultContext, AssemblyName name) =>
        name.Name == EngineName ? Context.LoadFromAssemblyName(name) : null;
#else
    public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveDependency;

    public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveDependency;

    private static Assembly? ResolveDependency(object? sender, ResolveEventArgs args)
    {
        var path = Path.Combine(DependencyDirectory, new AssemblyName(args.Name).Name + ".dll");
        return File.Exists(path) ? Assembly.LoadFrom(path) : null;
    }
#endif
}
