using Xunit;

namespace ServiceManagement.Tests.Support;

/// <summary>Golden files under tests/ServiceManagement.Core.Tests/Golden. UPDATE_GOLDEN=1 rewrites them; review the diff.</summary>
internal static class Golden
{
    public static void Assert(string name, string actual)
    {
        var path = Repo.PathOf("tests", "ServiceManagement.Core.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Xunit.Assert.True(File.Exists(path), $"The golden file {name} is missing; run with UPDATE_GOLDEN=1 to create it.");
        Xunit.Assert.Equal(File.ReadAllText(path), actual);
    }
}
