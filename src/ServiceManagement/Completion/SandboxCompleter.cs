using System.Collections;
using System.Management.Automation.Language;

namespace ServiceManagement.PowerShell.Completion;

/// <summary>Tab completion of -Sandbox: the profiles (a hashtable of capabilities is typed, not completed).</summary>
public sealed class SandboxCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Enum.GetNames(typeof(SandboxProfile))
            .Where(name => name.StartsWith((wordToComplete ?? string.Empty).Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name))
            .ToList();
}
