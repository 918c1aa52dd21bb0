using System.Reflection;
using System.Runtime.InteropServices;

namespace ServiceManagement.Module.Tests;

/// <summary>
/// The built module loaded as metadata only (MetadataLoadContext), with the PowerShell reference
/// assembly it compiled against; attributes are read as CustomAttributeData, never instantiated.
/// </summary>
internal static class ModuleMetadata
{
    private static readonly Lazy<(MetadataLoadContext Context, Assembly Module)> Loaded = new(Load);

    public static string Setting(string key) =>
        typeof(ModuleMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string RepositoryRoot => Path.GetFullPath(Setting("RepositoryRoot"));

    public static string ModuleOutput => Path.GetFullPath(Setting("ModuleOutput"));

    /// <summary>The module as it ships (built by the module project's LayOutModule target).</summary>
    public static string ModuleLayout => Path.GetFullPath(Setting("ModuleLayout"));

    public static Assembly Module => Loaded.Value.Module;

    public static MetadataLoadContext Context => Loaded.Value.Context;

    public static IReadOnlyList<Type> Cmdlets =>
        Module.GetExportedTypes().Where(t => t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute")).ToList();

    /// <summary>
    /// A cmdlet's parameter properties as PowerShell binds them: one per name, the most derived declaration —
    /// a property a cmdlet redeclares with <c>new</c> hides its base class's.
    /// </summary>
    public static IReadOnlyList<PropertyInfo> Parameters(Type cmdlet) =>
        cmdlet.GetProperties()
            .Where(p => Attribute(p, "ParameterAttribute") is not null)
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(p => Depth(p.DeclaringType!)).First())
            .ToList();

    private static int Depth(Type type) => type.BaseType is { } parent ? 1 + Depth(parent) : 0;

    public static CustomAttributeData? Attribute(MemberInfo member, string name) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation." + name);

    /// <summary>The cmdlet name, Verb-Noun, from its CmdletAttribute's constructor arguments.</summary>
    public static string CmdletName(Type type)
    {
        var attribute = Attribute(type, "CmdletAttribute")!;
        return $"{attribute.ConstructorArguments[0].Value}-{attribute.ConstructorArguments[1].Value}";
    }

    private static (MetadataLoadContext, Assembly) Load()
    {
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(ModuleOutput, "*.dll"))
            .Append(Setting("PowerShellReferenceAssembly"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last());
        var context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Runtime");
        return (context, context.LoadFromAssemblyPath(Path.Combine(ModuleOutput, "ServiceManagement.dll")));
    }
}
