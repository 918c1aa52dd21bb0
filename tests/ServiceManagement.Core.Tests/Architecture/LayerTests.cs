using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using ServiceManagement.Platforms;
using Xunit;

namespace ServiceManagement.Tests.Architecture;

/// <summary>
/// The engine's layers (DESIGN.md, "Layers of the engine"): each namespace of Core may depend only on the
/// namespaces of the groups before its own — never on a later group, nor on a sibling in its own group.
/// </summary>
public sealed class LayerTests
{
    /// <summary>A namespace and, unless <paramref name="Exact"/>, every namespace inside it.</summary>
    private sealed record Part(string Namespace, bool Exact = false)
    {
        public string Pattern => "^" + Regex.Escape(Namespace) + (Exact ? "$" : @"(\..+)?$");

        public override string ToString() => Namespace;
    }

    private const string Root = "ServiceManagement.";

    /// <summary>Lowest first. The Platforms namespace itself holds the abstractions every backend builds on.</summary>
    private static readonly Part[][] Layers =
    {
        new[] { new Part(Root + "Text"), new Part(Root + "Model"), new Part(Root + "Errors") },
        new[] { new Part(Root + "IO"), new Part(Root + "Processes") },
        new[] { new Part(Root + "Validation") },
        new[] { new Part(Root + "Configuration") },
        new[] { new Part(Root + "Platforms", Exact: true) },
        new[] { new Part(Root + "Platforms.DBus"), new Part(Root + "Platforms.Freedesktop") },
        new[] { new Part(Root + "Platforms.Systemd"), new Part(Root + "Platforms.Xdg"), new Part(Root + "Platforms.Launchd"), new Part(Root + "Platforms.Windows") },
        new[] { new Part(Root + "Platforms.Linux") },
        new[] { new Part(Root + "Platforms.Backends") },
        new[] { new Part(Root + "Requests"), new Part(Root + "DesiredState"), new Part(Root + "Formats") },
    };

    private static readonly Assembly Core = typeof(IPlatform).Assembly;

    public static TheoryData<string> Namespaces()
    {
        var data = new TheoryData<string>();
        foreach (var part in Layers.SelectMany(layer => layer))
        {
            data.Add(part.Namespace);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Namespaces))]
    public void A_namespace_depends_only_on_earlier_layers(string name)
    {
        var index = Array.FindIndex(Layers, layer => layer.Any(p => p.Namespace == name));
        var part = Layers[index].Single(p => p.Namespace == name);
        var forbidden = Layers.Skip(index).SelectMany(layer => layer).Where(p => p != part).Select(p => p.Namespace).ToArray();

        var result = Types.InAssembly(Core).That().ResideInNamespaceMatching(part.Pattern)
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful,
            $"{name} may not depend on {string.Join(", ", forbidden)}; these types do: {string.Join(", ", result.FailingTypeNames ?? Array.Empty<string>())}");
    }

    [Fact]
    public void Every_namespace_of_Core_has_a_layer()
    {
        var parts = Layers.SelectMany(layer => layer).ToList();
        var homeless = Core.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(Root, StringComparison.Ordinal))
            .Distinct()
            .Where(n => !parts.Any(p => Regex.IsMatch(n!, p.Pattern)))
            .ToList();

        Assert.Empty(homeless);
    }

    [Fact]
    public void The_rule_sees_a_dependency_against_the_order()
    {
        // The rule's own check: Model is the lowest layer and the platforms use it, so the reverse must be found.
        var result = Types.InAssembly(Core).That().ResideInNamespaceMatching(Layers[6][0].Pattern)
            .ShouldNot().HaveDependencyOnAny(Root + "Model").GetResult();

        Assert.False(result.IsSuccessful);
    }
}
