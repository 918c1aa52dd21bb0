using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using ServiceManagement.Cli;
using ServiceManagement.Platforms;
using Xunit;

namespace ServiceManagement.Tests.Architecture;

/// <summary>
/// Only what the front ends use is public in Core: a public type is named by svcmgmt or the module (their
/// compiled references, the module's format and type files), or appears in the public members of one
/// that is, or derives from a class that is (a value a front end receives as a <c>RawValue</c> or a
/// <c>ServiceManagementException</c> is one of their subclasses, which users inspect). Implementing a public
/// interface does not make a type public: the backends stay internal behind <c>IPlatform</c>. Everything
/// else is internal; tests and benchmarks see it through InternalsVisibleTo.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Core = typeof(IPlatform).Assembly;

    private static string ModuleOutput =>
        Path.GetFullPath(typeof(PublicSurfaceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ModuleOutput").Value!);

    [Fact]
    public void Every_public_type_of_Core_is_used_by_a_front_end()
    {
        var named = NamedByFrontEnds();
        var surface = Closure(Core.GetExportedTypes().Where(t => named.Contains(Name(t))));
        for (var grown = true; grown;)
        {
            var derived = Core.GetExportedTypes().Where(t => !surface.Contains(t) && t.BaseType is { } parent && surface.Contains(parent)).ToList();
            surface.UnionWith(Closure(derived));
            grown = derived.Count > 0;
        }

        var unused = Core.GetExportedTypes().Where(t => !surface.Contains(t)).Select(Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

        Assert.True(unused.Count == 0, "Public in Core but used by no front end (make them internal):\n" + string.Join("\n", unused));
    }

    [Fact]
    public void The_front_ends_are_read()
    {
        var named = NamedByFrontEnds();

        // One type each front end is known to name: the factory (svcmgmt and cmdlets) and a formatted output type.
        Assert.Contains("ServiceManagement.Platforms.Backends.PlatformFactory", named);
        Assert.Contains("ServiceManagement.Model.JobLogEntry", named);
    }

    /// <summary>The full names of Core's types that svcmgmt's and the module's assemblies reference, and the module's format and type files name.</summary>
    private static HashSet<string> NamedByFrontEnds()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in new[] { typeof(SvcmgmtApp).Assembly.Location, Path.Combine(ModuleOutput, "ServiceManagement.dll") })
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.TypeReferences)
            {
                var reference = metadata.GetTypeReference(handle);
                if (OutermostScope(metadata, reference) is { Kind: HandleKind.AssemblyReference } scope
                    && metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == Core.GetName().Name)
                {
                    names.Add(FullName(metadata, reference));
                }
            }
        }

        foreach (var file in Directory.GetFiles(ModuleOutput, "*.ps1xml"))
        {
            foreach (Match match in Regex.Matches(File.ReadAllText(file), "<(?:TypeName|Name)>(ServiceManagement\\.[A-Za-z0-9_.]+)</"))
            {
                names.Add(match.Groups[1].Value);
            }
        }

        return names;
    }

    private static EntityHandle? OutermostScope(MetadataReader metadata, TypeReference reference)
    {
        var scope = reference.ResolutionScope;
        return scope.Kind == HandleKind.TypeReference ? OutermostScope(metadata, metadata.GetTypeReference((TypeReferenceHandle)scope)) : scope;
    }

    private static string FullName(MetadataReader metadata, TypeReference reference) =>
        reference.ResolutionScope.Kind == HandleKind.TypeReference
            ? FullName(metadata, metadata.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope)) + "+" + metadata.GetString(reference.Name)
            : metadata.GetString(reference.Namespace) + "." + metadata.GetString(reference.Name);

    private static string Name(Type type) => type.FullName!;

    /// <summary>The types given, and every Core type their public and protected members expose, transitively.</summary>
    private static HashSet<Type> Closure(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (type.Assembly != Core || !seen.Add(type))
            {
                continue;
            }

            foreach (var exposed in Exposed(type).SelectMany(Unwrap))
            {
                pending.Push(exposed);
            }
        }

        return seen;
    }

    private static IEnumerable<Type> Exposed(Type type)
    {
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } parent)
        {
            yield return parent;
        }

        foreach (var contract in type.GetInterfaces())
        {
            yield return contract;
        }

        if (type.DeclaringType is { } outer)
        {
            yield return outer;
        }

        foreach (var member in type.GetMembers(Visible | BindingFlags.NonPublic).Where(IsVisibleOutside))
        {
            switch (member)
            {
                case FieldInfo field:
                    yield return field.FieldType;
                    break;
                case PropertyInfo property:
                    yield return property.PropertyType;
                    break;
                case MethodBase method:
                    foreach (var parameter in method.GetParameters())
                    {
                        yield return parameter.ParameterType;
                    }

                    if (method is MethodInfo withResult)
                    {
                        yield return withResult.ReturnType;
                    }

                    break;
                case EventInfo @event when @event.EventHandlerType is { } handler:
                    yield return handler;
                    break;
            }
        }
    }

    private static bool IsVisibleOutside(MemberInfo member) => member switch
    {
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(a => IsVisibleOutside(a)),
        EventInfo @event => @event.AddMethod is { } add && IsVisibleOutside(add),
        _ => false,
    };

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType
            ? new[] { type.GetGenericTypeDefinition() }.Concat(type.GetGenericArguments().SelectMany(Unwrap))
            : new[] { type };
    }
}
