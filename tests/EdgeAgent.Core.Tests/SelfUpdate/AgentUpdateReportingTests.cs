using EdgeAgent.Core.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAgent.Core.Tests.SelfUpdate;

/// <summary>Each agent update outcome becomes its own event type, with a message an operator can act on, and stays in the status.</summary>
public sealed class AgentUpdateReportingTests
{
    public static TheoryData<AgentUpdateResult, AgentEventType, string> Outcomes() => new()
    {
        { AgentUpdateResult.Installing, AgentEventType.AgentInstalling, "agent 0.2.0 staged and swapped in; restarting into it (from 0.1.0)" },
        { AgentUpdateResult.Updated, AgentEventType.AgentUpdated, "agent updated from 0.1.0 to 0.2.0" },
        { AgentUpdateResult.RolledBack, AgentEventType.AgentRolledBack, "agent 0.2.0 rolled back to 0.1.0: why" },
        { AgentUpdateResult.Failed, AgentEventType.AgentUpdateRefused, "agent 0.2.0 not installed: why" },
        { AgentUpdateResult.Refused, AgentEventType.AgentUpdateRefused, "agent 0.2.0 refused: why" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Reports(AgentUpdateResult result, AgentEventType type, string message)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var tracker = new StatusTracker("pi-01", "0.1.0", time);
        var outcome = new AgentUpdateOutcome { Version = "0.2.0", From = "0.1.0", Result = result, Reason = "why", At = time.GetUtcNow() };

        var agentEvent = tracker.RecordAgentUpdate(outcome);

        Assert.Equal(type, agentEvent.Type);
        Assert.Equal(message, agentEvent.Message);
        Assert.Equal(outcome, tracker.Snapshot().AgentUpdate);
        Assert.Equal("0.1.0", tracker.Snapshot().AgentVersion);
    }

    [Fact]
    public void No_update_no_field()
    {
        Assert.Null(new StatusTracker("pi-01", "0.1.0", TimeProvider.System).Snapshot().AgentUpdate);
    }
}
