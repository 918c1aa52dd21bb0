using System.Xml.Linq;
using Xunit;

namespace ServiceManagement.Module.Tests;

/// <summary>The committed MAML help against the compiled cmdlets: every parameter, flag, position, pipeline input and set.</summary>
public class HelpTests
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly Lazy<IReadOnlyDictionary<string, XElement>> Commands = new(() =>
        XDocument.Load(Path.Combine(ModuleMetadata.RepositoryRoot, "en-US", "ServiceManagement.dll-Help.xml"))
            .Root!.Elements(Command + "command")
            .ToDictionary(c => c.Element(Command + "details")!.Element(Command + "name")!.Value, StringComparer.Ordinal));

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in ModuleMetadata.Cmdlets)
        {
            data.Add(ModuleMetadata.CmdletName(type));
        }

        return data;
    }

    private static Type Cmdlet(string name) => ModuleMetadata.Cmdlets.Single(t => ModuleMetadata.CmdletName(t) == name);

    private static ParameterSyntax Read(XElement parameter) => new(
        parameter.Element(Maml + "name")!.Value,
        parameter.Element(Dev + "type")!.Element(Maml + "name")!.Value,
        (bool)parameter.Attribute("required")!,
        (string)parameter.Attribute("position")!,
        (string)parameter.Attribute("pipelineInput")!,
        (bool)parameter.Attribute("globbing")!);

    private static string Describe(IEnumerable<ParameterSyntax> set) => string.Join(" ", set.OrderBy(p => p.Name, StringComparer.Ordinal));

    [Fact]
    public void The_help_covers_exactly_the_compiled_cmdlets()
    {
        Assert.Equal(ModuleMetadata.Cmdlets.Select(ModuleMetadata.CmdletName).Order(StringComparer.Ordinal), Commands.Value.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Each_syntax_item_is_a_parameter_set_exactly(string name)
    {
        var help = Commands.Value[name].Element(Command + "syntax")!.Elements(Command + "syntaxItem")
            .Select(item => Describe(item.Elements(Command + "parameter").Select(Read)))
            .Order(StringComparer.Ordinal);
        var compiled = CmdletSyntax.Sets(Cmdlet(name)).Values.Select(Describe).Order(StringComparer.Ordinal);
        Assert.Equal(compiled, help);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_parameter_is_described_with_its_flags(string name)
    {
        var sets = CmdletSyntax.Sets(Cmdlet(name)).Values.SelectMany(s => s).GroupBy(p => p.Name).ToList();
        var help = Commands.Value[name].Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
        Assert.Equal(sets.Select(g => g.Key).Order(StringComparer.Ordinal), help.Select(p => p.Element(Maml + "name")!.Value).Order(StringComparer.Ordinal));
        foreach (var parameter in help)
        {
            var described = Read(parameter);
            var compiled = sets.Single(g => g.Key == described.Name);
            Assert.Equal(compiled.First() with { Mandatory = compiled.All(p => p.Mandatory) }, described);
            Assert.False(string.IsNullOrWhiteSpace(parameter.Element(Maml + "description")?.Value), $"{name} -{described.Name} has no description.");
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_has_a_synopsis_a_description_outputs_and_two_examples(string name)
    {
        var command = Commands.Value[name];
        Assert.False(string.IsNullOrWhiteSpace(command.Element(Command + "details")!.Element(Maml + "description")!.Value));
        Assert.True(command.Element(Maml + "description")!.Value.Length > 80, $"{name}'s description says little.");
        var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.True(examples.Count >= 2, $"{name} has {examples.Count} example(s).");
        Assert.All(examples, e => Assert.Contains(name, e.Element(Dev + "code")!.Value, StringComparison.Ordinal));
        var outputs = command.Element(Command + "returnValues")!.Elements(Command + "returnValue").Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        var declared = ((IEnumerable<System.Reflection.CustomAttributeTypedArgument>)ModuleMetadata.Attribute(Cmdlet(name), "OutputTypeAttribute")!.ConstructorArguments[0].Value!)
            .Select(a => ((Type)a.Value!).FullName!);
        Assert.Equal(declared, outputs);
    }
}
