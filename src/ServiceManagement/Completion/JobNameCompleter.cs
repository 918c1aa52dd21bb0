using System.Collections;
using System.Management.Automation.Language;
using ServiceManagement.Platforms.Backends;

namespace ServiceManagement.PowerShell.Completion;

/// <summary>Tab completion of -Name: the names of the jobs installed on this machine that start with what was typed.</summary>
public sealed class JobNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        IReadOnlyList<InstalledJob> jobs;
        try
        {
            jobs = PlatformFactory.Create().GetJobs(new JobQuery { Names = new[] { typed + "*" } });
        }
        catch (Exception error) when (Errors.ErrorMapper.IsExpected(error))
        {
            // Completion has nowhere to report an error; offering nothing is the honest answer.
            return Array.Empty<CompletionResult>();
        }

        return jobs
            .Select(j => j.Definition.Name)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name))
            .ToList();
    }

    /// <summary>Names with characters PowerShell would read as syntax (a systemd unit's <c>@</c> or <c>\x2d</c>, spaces) are single-quoted.</summary>
    private static string Quote(string name) =>
        name.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-') ? name : "'" + name.Replace("'", "''") + "'";
}
