using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using ServiceManagement.Tests.Support;
using Xunit;

namespace ServiceManagement.Module.Tests;

public class FormatTests
{
    private static IEnumerable<string> FormatFiles => Manifest.Strings("FormatsToProcess").Select(f => Path.Combine(ModuleMetadata.ModuleLayout, f));

    private static Type? Find(string typeName) =>
        new[] { ModuleMetadata.Module }
            .Concat(ModuleMetadata.Module.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("ServiceManagement", StringComparison.Ordinal)).Select(ModuleMetadata.Context.LoadFromAssemblyName))
            .Select(a => a.GetType(typeName))
            .FirstOrDefault(t => t is not null);

    [FormatSchemaFact]
    public void Every_format_file_is_valid_against_PowerShells_schema()
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(Prerequisites.SharedDirectory, "schemas", "powershell", "Format.xsd"));
        Assert.All(FormatFiles, file =>
        {
            var errors = new List<string>();
            var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
            settings.ValidationEventHandler += (_, e) => errors.Add($"{file}:{e.Exception.LineNumber}: {e.Message}");
            using (var reader = XmlReader.Create(file, settings))
            {
                while (reader.Read())
                {
                }
            }

            Assert.Empty(errors);
        });
    }

    [Fact]
    public void Every_view_selects_a_real_type_and_shows_its_real_properties()
    {
        Assert.All(FormatFiles.SelectMany(f => XDocument.Load(f).Descendants("View")), view =>
        {
            var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            var type = Find(typeName);
            Assert.True(type is not null, $"{typeName} does not exist.");
            Assert.All(view.Descendants("PropertyName").Select(p => p.Value), property =>
                Assert.True(type!.GetProperty(property) is not null, $"{typeName} has no property {property}."));
            Assert.Equal(view.Descendants("TableColumnHeader").Count(), view.Descendants("TableColumnItem").Count());
        });
    }

    [Fact]
    public void Every_type_a_cmdlet_writes_has_a_view()
    {
        var viewed = FormatFiles.SelectMany(f => XDocument.Load(f).Descendants("TypeName")).Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        var written = ModuleMetadata.Cmdlets
            .SelectMany(t => (IEnumerable<System.Reflection.CustomAttributeTypedArgument>)ModuleMetadata.Attribute(t, "OutputTypeAttribute")!.ConstructorArguments[0].Value!)
            .Select(a => ((Type)a.Value!).FullName!)
            .Where(n => n.StartsWith("ServiceManagement.", StringComparison.Ordinal));
        Assert.All(written, name => Assert.Contains(name, viewed));
    }
}
