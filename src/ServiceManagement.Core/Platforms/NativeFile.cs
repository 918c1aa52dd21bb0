namespace ServiceManagement.Platforms;

/// <summary>A file a translator renders: its name (no directory) and its text.</summary>
public sealed record NativeFile(string Name, string Content);
