using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace ServiceManagement.Module.Tests;

public class CmdletMetadataTests
{
    private static readonly string[] VerbClasses = { "VerbsCommon", "VerbsCommunications", "VerbsData", "VerbsDiagnostic", "VerbsLifecycle", "VerbsSecurity", "VerbsOther" };

    /// <summary>PowerShell's approved verbs, read from the constants of its Verbs* classes.</summary>
    private static HashSet<string> ApprovedVerbs()
    {
        var automation = ModuleMetadata.Context.LoadFromAssemblyName("System.Management.Automation");
        return VerbClasses
            .SelectMany(name => automation.GetType("System.Management.Automation." + name, throwOnError: true)!.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void The_module_has_cmdlets()
    {
        Assert.NotEmpty(ModuleMetadata.Cmdlets);
    }

    [Fact]
    public void Every_cmdlet_is_a_public_sealed_PSCmdlet_named_after_itself()
    {
        static IEnumerable<Type> Bases(Type type) => type.BaseType is { } parent ? Bases(parent).Prepend(parent) : Enumerable.Empty<Type>();
        Assert.All(ModuleMetadata.Cmdlets, type =>
        {
            Assert.True(type.IsPublic && type.IsSealed, $"{type.Name} must be public and sealed.");
            Assert.Contains("System.Management.Automation.PSCmdlet", Bases(type).Select(b => b.FullName));
            Assert.All(Bases(type).TakeWhile(b => b.FullName != "System.Management.Automation.PSCmdlet"), b => Assert.True(b.IsAbstract, $"{b.Name}, a base of {type.Name}, must be abstract."));
            Assert.Equal(ModuleMetadata.CmdletName(type).Replace("-", string.Empty, StringComparison.Ordinal) + "Command", type.Name);
        });
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb_and_a_singular_noun()
    {
        var approved = ApprovedVerbs();
        Assert.Contains("Get", approved);
        Assert.All(ModuleMetadata.Cmdlets, type =>
        {
            var name = ModuleMetadata.CmdletName(type);
            var verb = name.Split('-')[0];
            var noun = name.Split('-')[1];
            Assert.True(approved.Contains(verb), $"{name}: '{verb}' is not an approved verb.");
            Assert.True(!noun.EndsWith('s') || noun.EndsWith("Status", StringComparison.Ordinal), $"{name}: nouns are singular.");
        });
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        Assert.All(ModuleMetadata.Cmdlets, type =>
        {
            var outputType = ModuleMetadata.Attribute(type, "OutputTypeAttribute");
            Assert.True(outputType is not null, $"{type.Name} has no [OutputType].");
            var declared = (IEnumerable<CustomAttributeTypedArgument>)outputType!.ConstructorArguments[0].Value!;
            Assert.All(declared, t => Assert.Matches("^(ServiceManagement\\.|System\\.(Boolean|String)$)", ((Type)t.Value!).FullName));
        });
    }

    [Fact]
    public void Every_parameter_is_a_settable_property_with_a_parameter_attribute()
    {
        Assert.All(ModuleMetadata.Cmdlets, type =>
        {
            var parameters = ModuleMetadata.Parameters(type);
            Assert.NotEmpty(parameters);
            Assert.All(parameters, p => Assert.True(p.CanWrite && p.SetMethod!.IsPublic, $"{type.Name}.{p.Name} must have a public setter."));
        });
    }

    [Fact]
    public void The_engine_never_references_PowerShell()
    {
        var core = ModuleMetadata.Context.LoadFromAssemblyPath(Path.Combine(ModuleMetadata.ModuleOutput, "ServiceManagement.Core.dll"));
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name == "System.Management.Automation");
        Assert.Contains(ModuleMetadata.Module.GetReferencedAssemblies(), a => a.Name == "ServiceManagement.Core");
    }

    [Fact]
    public void The_powershell_reference_assembly_does_not_ship_with_the_module()
    {
        Assert.False(File.Exists(Path.Combine(ModuleMetadata.ModuleOutput, "System.Management.Automation.dll")));
    }

    [Fact]
    public void Wildcard_parameters_say_so()
    {
        var type = ModuleMetadata.Cmdlets.Single(t => ModuleMetadata.CmdletName(t) == "Get-BackgroundJobSupport");
        Assert.NotNull(ModuleMetadata.Attribute(type.GetProperty("Property")!, "SupportsWildcardsAttribute"));
        Assert.Matches(new Regex("^ServiceManagement.Model.JobPlatform\\[\\]$"), type.GetProperty("Platform")!.PropertyType.FullName!);
    }

    /// <summary>The verbs whose cmdlets change the machine (or write a file), and so must support -WhatIf and -Confirm.</summary>
    private static readonly string[] ChangingVerbs = { "New", "Set", "Remove", "Reset", "Start", "Stop", "Restart", "Enable", "Disable", "Invoke", "Export" };

    [Fact]
    public void ShouldProcess_is_supported_exactly_by_the_cmdlets_that_change_state()
    {
        Assert.All(ModuleMetadata.Cmdlets, type =>
        {
            var verb = ModuleMetadata.CmdletName(type).Split('-')[0];
            Assert.True(ChangingVerbs.Contains(verb) == CmdletSyntax.SupportsShouldProcess(type), $"{ModuleMetadata.CmdletName(type)}: SupportsShouldProcess must be {ChangingVerbs.Contains(verb)}.");
        });
    }

    [Fact]
    public void Every_job_name_list_takes_wildcards_completion_and_the_pipeline()
    {
        var names = ModuleMetadata.Cmdlets
            .Select(t => (Cmdlet: ModuleMetadata.CmdletName(t), Type: t, Property: ModuleMetadata.Parameters(t).SingleOrDefault(p => p.Name == "Name")))
            .Where(n => n.Property?.PropertyType.FullName == "System.String[]" && n.Cmdlet != "Export-BackgroundJobConfiguration")
            .ToList();
        Assert.Equal(13, names.Count);
        Assert.All(names, n =>
        {
            Assert.NotNull(ModuleMetadata.Attribute(n.Property!, "SupportsWildcardsAttribute"));
            var completer = ModuleMetadata.Attribute(n.Property!, "ArgumentCompleterAttribute");
            Assert.True(completer is not null, $"{n.Cmdlet} -Name has no completer.");
            Assert.Equal("ServiceManagement.PowerShell.Completion.JobNameCompleter", ((Type)completer!.ConstructorArguments[0].Value!).FullName);
            Assert.Contains(CmdletSyntax.Sets(n.Type).Values.SelectMany(s => s), p => p.Name == "Name" && p.PipelineInput.Contains("ByPropertyName", StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("New-Daemon")]
    [InlineData("New-Agent")]
    [InlineData("New-LoginItem")]
    [InlineData("Set-BackgroundJobDefinition")]
    public void Every_property_parameter_is_one_the_engine_knows(string name)
    {
        var control = new[] { "Name", "Kind", "Scope", "User", "Start", "Force", "PassThru", "Linger", "Clear", "Credential" };
        var type = ModuleMetadata.Cmdlets.Single(t => ModuleMetadata.CmdletName(t) == name);
        var properties = ModuleMetadata.Parameters(type).Select(p => p.Name).Except(control).ToList();
        Assert.All(properties, p => Assert.True(ServiceManagement.Requests.JobParameters.Paths.ContainsKey(p), $"{name} -{p} is not in JobParameters.Paths."));
        if (name.StartsWith("Set", StringComparison.Ordinal))
        {
            Assert.Equal(ServiceManagement.Requests.JobParameters.Paths.Keys.Order(StringComparer.Ordinal), properties.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_error_category_the_engine_names_is_one_of_PowerShells()
    {
        var automation = ModuleMetadata.Context.LoadFromAssemblyName("System.Management.Automation");
        var categories = automation.GetType("System.Management.Automation.ErrorCategory", throwOnError: true)!
            .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("NotSpecified", categories);
        Assert.All(ServiceManagement.Errors.ErrorCatalog.Entries, entry => Assert.True(categories.Contains(entry.Value), $"{entry.Key}: '{entry.Value}' is not an ErrorCategory."));
    }
}
