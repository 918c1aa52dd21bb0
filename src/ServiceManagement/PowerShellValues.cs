using System.Collections;
using System.Management.Automation;

namespace ServiceManagement.PowerShell;

/// <summary>Bound parameters as the engine takes them: plain .NET values, without PowerShell's wrappers.</summary>
internal static class PowerShellValues
{
    /// <summary>The bound parameters; -Credential's user name stands for -RunAsAccount unless that is given too (its password goes only to the write options).</summary>
    internal static IReadOnlyDictionary<string, object?> Bound(PSCmdlet cmdlet)
    {
        var bound = cmdlet.MyInvocation.BoundParameters.Where(p => p.Key != "Credential").ToDictionary(p => p.Key, p => Unwrap(p.Value), StringComparer.OrdinalIgnoreCase);
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Credential", out var value) && value is PSCredential credential && !bound.ContainsKey("RunAsAccount"))
        {
            bound["RunAsAccount"] = credential.UserName;
        }

        return bound;
    }

    /// <summary>PSObject wrappers removed at every depth, so that hashtables of hashtables reach the engine as dictionaries.</summary>
    private static object? Unwrap(object? value) => value switch
    {
        PSObject wrapped => Unwrap(wrapped.BaseObject),
        SwitchParameter flag => flag.IsPresent,
        string text => text,
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Unwrap(k)!, k => Unwrap(map[k])),
        IEnumerable items => items.Cast<object?>().Select(Unwrap).ToList(),
        _ => value,
    };
}
