using System.Reflection;
using System.Runtime.Loader;
using ServiceManagement.Isolation;
using Xunit;

namespace ServiceManagement.Module.Tests;

/// <summary>The module's load context, exercised for real on this runtime (it holds no PowerShell types).</summary>
public sealed class IsolationTests : IDisposable
{
    private readonly string _dependencies = Directory.CreateTempSubdirectory("sm-dependencies-").FullName;

    public IsolationTests()
    {
        foreach (var dll in Directory.GetFiles(Path.Combine(ModuleMetadata.ModuleLayout, "bin", "dependencies"), "*.dll"))
        {
            File.Copy(dll, Path.Combine(_dependencies, Path.GetFileName(dll)));
        }
    }

    public void Dispose() => Directory.Delete(_dependencies, recursive: true);

    [Fact]
    public void The_engine_and_its_YamlDotNet_come_from_the_module_even_when_the_session_already_has_a_YamlDotNet()
    {
        // As in a session where another module loaded a YamlDotNet first.
        var theirs = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("YamlDotNet"));
        var context = new DependencyLoadContext(_dependencies);

        var engine = context.LoadFromAssemblyName(new AssemblyName("ServiceManagement.Core"));
        var parse = engine.GetType("ServiceManagement.Configuration.ConfigurationLoader", throwOnError: true)!.GetMethod("Parse")!;
        var result = parse.Invoke(null, new object[] { "jobs:\n  - { name: com.example.a, kind: daemon, program: /bin/a }\n", "isolated.yaml" })!;

        Assert.Same(context, AssemblyLoadContext.GetLoadContext(engine));
        Assert.NotNull(result.GetType().GetProperty("Document")!.GetValue(result));
        var yaml = context.Assemblies.Single(a => a.GetName().Name == "YamlDotNet");
        Assert.Equal(Path.Combine(_dependencies, "YamlDotNet.dll"), yaml.Location);
        Assert.NotSame(theirs, yaml);
    }

    [Fact]
    public void What_the_module_does_not_ship_comes_from_the_host()
    {
        var context = new DependencyLoadContext(_dependencies);
        var runtime = context.LoadFromAssemblyName(new AssemblyName("System.Collections"));
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(runtime));
    }

    /// <summary>The module ships netstandard2.0 builds of these for Windows PowerShell 5.1; on PowerShell 7 they would throw PlatformNotSupportedException on Windows, so the runtime's own must load.</summary>
    [Theory]
    [InlineData("Microsoft.Win32.Registry")]
    [InlineData("System.Security.AccessControl")]
    [InlineData("System.Security.Principal.Windows")]
    public void What_the_runtime_ships_comes_from_the_runtime_even_when_the_module_has_a_copy(string name)
    {
        Assert.True(File.Exists(Path.Combine(_dependencies, name + ".dll")), $"the layout no longer carries {name}; this test guards its copy");
        var context = new DependencyLoadContext(_dependencies);
        var loaded = context.LoadFromAssemblyName(new AssemblyName(name));
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(loaded));
        Assert.NotEqual(Path.Combine(_dependencies, name + ".dll"), loaded.Location);
    }
}
