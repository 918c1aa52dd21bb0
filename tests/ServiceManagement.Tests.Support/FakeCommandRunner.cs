using ServiceManagement.Processes;

namespace ServiceManagement.Tests.Support;

/// <summary>Records every command instead of running it, answering from a script (success with no output by default).</summary>
internal sealed class FakeCommandRunner : ICommandRunner
{
    private readonly Func<CommandLine, CommandResult?> _answer;

    public FakeCommandRunner(Func<CommandLine, CommandResult?>? answer = null) => _answer = answer ?? (_ => null);

    public List<CommandLine> Commands { get; } = new();

    /// <summary>Each command as one string of its argv, for readable assertions.</summary>
    public IReadOnlyList<string> Lines => Commands.Select(c => string.Join(" ", new[] { c.Program }.Concat(c.Arguments))).ToList();

    public CommandResult Run(CommandLine command)
    {
        Commands.Add(command);
        return _answer(command) ?? new CommandResult(0, string.Empty, string.Empty);
    }
}
