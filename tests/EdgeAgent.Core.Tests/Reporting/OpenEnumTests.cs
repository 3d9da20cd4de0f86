using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Wire;

namespace EdgeAgent.Core.Tests.Reporting;

/// <summary>Codes a newer release adds to reported enums read as themselves (README "Watching the fleet", version skew).</summary>
public sealed class OpenEnumTests
{
    private static DeviceStatus Read(string json) => JsonSerializer.Deserialize(json, FleetJsonContext.Default.DeviceStatus)!;

    [Fact]
    public void Every_known_code_reads_as_its_member_and_writes_back_unchanged()
    {
        foreach (var reason in Enum.GetValues<RejectionReason>())
        {
            var json = JsonSerializer.Serialize(reason, OpenEnumJsonContext.Default.RejectionReason);
            Assert.Equal($"\"{reason.Code()}\"", json);
            Assert.Equal(reason, JsonSerializer.Deserialize(json, OpenEnumJsonContext.Default.RejectionReason));
            Assert.True(OpenEnums.IsKnown(reason));
        }
    }

    [Fact]
    public void An_unknown_code_in_a_status_reads_as_itself_and_round_trips()
    {
        var status = Read("""
            {"deviceId":"pi-01","agentVersion":"9.0.0","updatedAt":"2026-12-07T10:00:00Z",
             "streams":{"local":{"appliedVersion":1,"rejected":{"version":2,"reason":"quota-exceeded","at":"2026-12-07T10:00:00Z"}}},
             "apps":{"a":{"desired":"paused","observed":"paused"}},
             "agentUpdate":{"version":"9.1.0","from":"9.0.0","result":"deferred","at":"2026-12-07T10:00:00Z"}}
            """);

        var reason = status.Streams["local"].Rejected!.Reason;
        Assert.False(OpenEnums.IsKnown(reason));
        Assert.Equal("quota-exceeded", reason.Code());
        Assert.Equal("paused", OpenEnums.Code(status.Apps["a"].Desired));
        Assert.NotEqual(DesiredAppState.Running, status.Apps["a"].Desired); // never mistaken for a known member
        Assert.Empty(status.FailingApps());
        Assert.Equal("deferred", OpenEnums.Code(status.AgentUpdate!.Result));
        var again = JsonSerializer.Serialize(status, FleetJsonContext.Default.DeviceStatus);
        Assert.Contains("\"reason\":\"quota-exceeded\"", again, StringComparison.Ordinal);
        Assert.Contains("\"desired\":\"paused\"", again, StringComparison.Ordinal);
        Assert.Equal(reason, Read(again).Streams["local"].Rejected!.Reason); // the same code reads as the same value
    }

    [Fact]
    public void An_unknown_event_type_and_rollout_phase_read_as_themselves()
    {
        var agentEvent = JsonSerializer.Deserialize("""{"type":"disk-low","at":"2026-12-07T10:00:00Z","message":"93% full","extra":1}""", FleetJsonContext.Default.AgentEvent)!;
        Assert.Equal("disk-low", OpenEnums.Code(agentEvent.Type));
        var phase = JsonSerializer.Deserialize("\"awaiting-approval\"", OpenEnumJsonContext.Default.RolloutPhase);
        Assert.False(OpenEnums.IsKnown(phase));
        Assert.Equal("awaiting-approval", OpenEnums.Code(phase));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"Quota Exceeded\"")]
    [InlineData("\"quota_exceeded\"")]
    [InlineData("\"\\u001b[2J\"")]
    [InlineData("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")] // 65
    public void A_value_that_is_not_a_code_is_refused(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, OpenEnumJsonContext.Default.RejectionReason));

    [Fact]
    public void Endless_unknown_codes_are_bounded_and_shown_as_unknown_past_the_bound()
    {
        // A code read before the flood (as a real newer agent's would be) keeps its identity after it.
        var deferred = JsonSerializer.Deserialize("\"deferred\"", OpenEnumJsonContext.Default.AgentUpdateResult);
        var codes = Enumerable.Range(0, 300).Select(i => JsonSerializer.Deserialize($"\"future-{i}\"", OpenEnumJsonContext.Default.AgentUpdateResult)).ToList();
        Assert.Equal("future-0", OpenEnums.Code(codes[0]));
        Assert.Equal("unknown", OpenEnums.Code(codes[299]));
        Assert.All(codes, c => Assert.False(OpenEnums.IsKnown(c)));
        Assert.Equal("deferred", OpenEnums.Code(JsonSerializer.Deserialize("\"deferred\"", OpenEnumJsonContext.Default.AgentUpdateResult)));
        Assert.Equal(deferred, JsonSerializer.Deserialize("\"deferred\"", OpenEnumJsonContext.Default.AgentUpdateResult));
    }
}
