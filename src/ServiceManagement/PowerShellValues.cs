using System.Collections;

namespace ServiceManagement.PowerShell;

/// <summary>Bound parameters as the engine takes them: plain .NET values, without PowerShell's wrappers.</summary>
internal static class PowerShellValues
{
    /// <summary>The bound parameters; -Credential's user name stands for -RunAsAccount unless that is given too (its password goes only to the write options).</summary>
    internal static IReadOnlyDictionary<string, object?> Bound(PSCmdlet cmdlet)
    {
        var bound = cmdlet.MyInvocation.BoundParameters.Where(p => p.Key != "Credential").ToDictionary(p => p.Key, p => Unwrap(p.Key, p.Value, 0), StringComparer.OrdinalIgnoreCase);
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Credential", out var value) && value is PSCredential credential && !bound.ContainsKey("RunAsAccount"))
        {
            bound["RunAsAccount"] = credential.UserName;
        }

        return bound;
    }

    /// <summary>Hashtables nest this deep at most; a value that refers to itself would otherwise never end.</summary>
    private const int MaxDepth = 32;

    /// <summary>PSObject wrappers removed at every depth, so that hashtables of hashtables reach the engine as dictionaries.</summary>
    private static object? Unwrap(string parameter, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ServiceManagement.Validation.InvalidDefinitionException(new[]
            {
                new ServiceManagement.Validation.Finding(ServiceManagement.Validation.FindingSeverity.Error, "ValueTooDeep", "-" + parameter, $"The value nests deeper than {MaxDepth} levels or contains itself."),
            });
        }

        return value switch
        {
            PSObject wrapped => Unwrap(parameter, wrapped.BaseObject, depth),
            ScriptBlock => throw new ServiceManagement.Validation.InvalidDefinitionException(new[]
            {
                new ServiceManagement.Validation.Finding(ServiceManagement.Validation.FindingSeverity.Error, "ValueIsScript", "-" + parameter, "A script block is code, not a value; run it and pass what it returns, such as (& { … })."),
            }),
            SwitchParameter flag => flag.IsPresent,
            string text => text,
            IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Unwrap(parameter, k, depth + 1)!, k => Unwrap(parameter, map[k], depth + 1)),
            IEnumerable items => items.Cast<object?>().Select(item => Unwrap(parameter, item, depth + 1)).ToList(),
            _ => value,
        };
    }
}
