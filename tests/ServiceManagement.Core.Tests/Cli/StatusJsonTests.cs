using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceManagement.Cli;
using ServiceManagement.Model;
using Xunit;

namespace ServiceManagement.Tests.Cli;

public sealed class StatusJsonTests
{
    /// <summary>What the serializer itself writes for statuses with svcmgmt's JSON conventions: the reader the hand-written form is held to.</summary>
    private static readonly JsonSerializerOptions Serializer = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static TheoryData<string> Cases => new() { "every property", "only the required", "text to escape" };

    private static BackgroundJobStatus Case(string name) => name switch
    {
        "every property" => new BackgroundJobStatus("sm.all", JobState.NotLoaded)
        {
            Kind = JobKind.LoginItem, Scope = JobScope.User, User = "alice", ProcessId = 4242, LastExitCode = 3, ExitReason = "exited with 3 (not implemented)",
            StartedAt = new DateTimeOffset(2026, 12, 8, 1, 2, 3, TimeSpan.Zero), LastRunAt = new DateTimeOffset(2026, 12, 8, 1, 2, 3, 456, TimeSpan.FromHours(2)),
            NextRunAt = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), RunState = RunState.Running, DefinitionChanged = true, ManagerDown = true, TriggerActive = false,
            MemoryBytes = 5_000_000_000, CpuTime = TimeSpan.FromTicks(12_345_678_901), TaskCount = 7, SharedProcess = false, RestartCount = 2, Reason = "disallowed in Login Items",
            NativeState = "activating (auto-restart)",
        },
        "only the required" => new BackgroundJobStatus("sm.few", JobState.Stopped),
        _ => new BackgroundJobStatus("sm.\"quoted\" ü <b>&'", JobState.Unknown) { NativeState = "runs in each user's session\n\ttab" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_what_the_serializer_writes(string name)
    {
        var statuses = new[] { Case(name), Case("only the required") };
        Assert.Equal(JsonSerializer.Serialize(statuses, Serializer), StatusJson.Write(statuses));
    }

    [Fact]
    public void The_case_with_every_property_sets_every_property()
    {
        // A property added to the status and not to the writer makes this fail first, then the comparison above.
        var status = Case("every property");
        var unset = typeof(BackgroundJobStatus).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract" && p.GetValue(status) is null).Select(p => p.Name);
        Assert.Empty(unset);
    }
}
