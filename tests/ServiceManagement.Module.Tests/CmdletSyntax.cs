using System.Reflection;

namespace ServiceManagement.Module.Tests;

/// <summary>One parameter as one parameter set sees it.</summary>
internal sealed record ParameterSyntax(string Name, string Type, bool Mandatory, string Position, string PipelineInput, bool Globbing);

/// <summary>
/// A cmdlet's syntax read from its metadata the way PowerShell binds it: its parameter sets, each with its
/// parameters (a parameter without a set is in every set), plus -WhatIf and -Confirm when it supports
/// ShouldProcess — the same shape as a syntax item of MAML help.
/// </summary>
internal static class CmdletSyntax
{
    public const string AllSets = "__AllParameterSets";

    public static bool SupportsShouldProcess(Type cmdlet) => Named(ModuleMetadata.Attribute(cmdlet, "CmdletAttribute")!, "SupportsShouldProcess") is true;

    public static IReadOnlyDictionary<string, IReadOnlyList<ParameterSyntax>> Sets(Type cmdlet)
    {
        var declared = ModuleMetadata.Parameters(cmdlet)
            .SelectMany(p => p.GetCustomAttributesData().Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute").Select(a => (Property: p, Attribute: a)))
            .ToList();
        var setNames = declared.Select(d => Named(d.Attribute, "ParameterSetName") as string ?? AllSets).Distinct().ToList();

        // A default set no parameter names still exists: it holds the parameters that are in every set.
        if (Named(ModuleMetadata.Attribute(cmdlet, "CmdletAttribute")!, "DefaultParameterSetName") is string defaultSet && !setNames.Contains(defaultSet) && setNames.Count > 1)
        {
            setNames.Insert(0, defaultSet);
        }

        if (setNames.Count > 1)
        {
            setNames.Remove(AllSets);
        }

        return setNames.ToDictionary(set => set, set => (IReadOnlyList<ParameterSyntax>)declared
            .Where(d => (Named(d.Attribute, "ParameterSetName") as string ?? AllSets) is var own && (own == set || own == AllSets))
            .Select(d => Parameter(d.Property, d.Attribute))
            .Concat(SupportsShouldProcess(cmdlet) ? new[] { Switch("WhatIf"), Switch("Confirm") } : Array.Empty<ParameterSyntax>())
            .ToList());
    }

    public static string TypeName(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? TypeName(type.GetGenericArguments()[0]) : type.FullName!;

    private static ParameterSyntax Parameter(PropertyInfo property, CustomAttributeData attribute)
    {
        var byValue = Named(attribute, "ValueFromPipeline") is true;
        var byName = Named(attribute, "ValueFromPipelineByPropertyName") is true;
        var pipeline = (byValue, byName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var position = Named(attribute, "Position") is int at ? at.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named";
        return new ParameterSyntax(property.Name, TypeName(property.PropertyType), Named(attribute, "Mandatory") is true, position, pipeline,
            ModuleMetadata.Attribute(property, "SupportsWildcardsAttribute") is not null);
    }

    private static ParameterSyntax Switch(string name) =>
        new(name, "System.Management.Automation.SwitchParameter", false, "named", "False", false);

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();
}
