using ServiceManagement.Model;

namespace ServiceManagement.Validation;

/// <summary>
/// What only a platform's translator knows of a definition: values its native file would not read back
/// as written, raw extras that would replace settings it writes, what it rounds. Each backend implements
/// this for its own platforms; the validator reaches it only through this interface, so the rules stay
/// below the platforms in the engine's layers.
/// </summary>
public interface INativeRules
{
    /// <summary>The findings for <paramref name="definition"/> run by <paramref name="platform"/>; none for a platform the rules are not of.</summary>
    IEnumerable<Finding> Check(BackgroundJobDefinition definition, JobPlatform platform);
}

/// <summary>Native rules for validation without a platform, where none applies.</summary>
internal static class NativeRules
{
    public static INativeRules None { get; } = new NoRules();

    private sealed class NoRules : INativeRules
    {
        public IEnumerable<Finding> Check(BackgroundJobDefinition definition, JobPlatform platform) => Enumerable.Empty<Finding>();
    }
}
