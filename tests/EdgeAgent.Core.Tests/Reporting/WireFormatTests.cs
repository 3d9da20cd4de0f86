using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.Tests.Reporting;

/// <summary>
/// The status and event JSON that operators' tools read, pinned byte for byte: a refactoring of the
/// types behind it (names, enums, converters) must not change one character on the wire.
/// </summary>
public sealed class WireFormatTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-28T08:05:06Z", CultureInfo.InvariantCulture);

    [Fact]
    public void Device_status_json_is_unchanged()
    {
        var status = new DeviceStatus
        {
            DeviceId = "pi-01",
            AgentVersion = "0.1.0",
            UpdatedAt = At,
            Converged = true,
            Streams = new Dictionary<string, StreamStatus>
            {
                ["edge/v1/devices/pi-01/desired"] = new()
                {
                    AppliedVersion = 3,
                    AppliedAt = At,
                    Rejected = new StreamRejection { Version = 4, Reason = RejectionReason.WrongTarget, Errors = ["published on … but …"], At = At },
                },
                ["edge/v1/groups/barn/desired"] = new() { Rejected = new StreamRejection { Version = 7, Reason = RejectionReason.MergeInvalid, At = At } },
            },
            Conflicts = ["app \"x\" is defined by groups a and b"],
            Apps = new Dictionary<string, AppStatus>
            {
                ["api"] = new() { Desired = DesiredAppState.Running, Observed = "running", Image = "web@sha256:00", ImageId = "sha256:11", Restarts = 2, Health = "healthy" },
                ["old"] = new() { Desired = DesiredAppState.Absent, Observed = "exited", ExitCode = 137, StartedAt = At, FinishedAt = At.AddMinutes(1), LastError = "stop old: timeout" },
            },
            Ovs = new Dictionary<string, BridgeStatus>
            {
                ["docker-gre"] = new()
                {
                    Managed = true,
                    DatapathType = "netdev",
                    Ports = new Dictionary<string, PortStatus> { ["gre-c0a80701"] = new() { Managed = true, Type = "gre", Peer = "192.168.7.1", LinkState = "up" } },
                },
            },
            LastError = null,
        };

        Assert.Equal(
            """{"deviceId":"pi-01","agentVersion":"0.1.0","updatedAt":"2026-11-28T08:05:06+00:00","converged":true,"groups":[],"streams":{"edge/v1/devices/pi-01/desired":{"appliedVersion":3,"appliedAt":"2026-11-28T08:05:06+00:00","rejected":{"version":4,"reason":"wrong-target","errors":["published on \u2026 but \u2026"],"at":"2026-11-28T08:05:06+00:00"}},"edge/v1/groups/barn/desired":{"rejected":{"version":7,"reason":"merge-invalid","errors":[],"at":"2026-11-28T08:05:06+00:00"}}},"conflicts":["app \u0022x\u0022 is defined by groups a and b"],"apps":{"api":{"desired":"running","observed":"running","image":"web@sha256:00","imageId":"sha256:11","restarts":2,"health":"healthy"},"old":{"desired":"absent","observed":"exited","restarts":0,"exitCode":137,"startedAt":"2026-11-28T08:05:06+00:00","finishedAt":"2026-11-28T08:06:06+00:00","lastError":"stop old: timeout"}},"ovs":{"docker-gre":{"managed":true,"datapathType":"netdev","ports":{"gre-c0a80701":{"managed":true,"type":"gre","peer":"192.168.7.1","linkState":"up"}}}}}""",
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(status, FleetJsonContext.Default.DeviceStatus)));
    }

    public static TheoryData<AgentEventType, RejectionReason?, string> Events() => new()
    {
        { AgentEventType.Applied, null, """{"type":"applied","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.Rejected, RejectionReason.IssuedInFuture, """{"type":"rejected","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"reason":"issued-in-future","message":"m"}""" },
        { AgentEventType.Failed, null, """{"type":"failed","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.DriftRepaired, null, """{"type":"drift-repaired","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.RootRotated, null, """{"type":"root-rotated","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.RolledBack, null, """{"type":"rolled-back","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.Provisioned, null, """{"type":"provisioned","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.ProvisioningRefused, null, """{"type":"provisioning-refused","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.AgentInstalling, null, """{"type":"agent-installing","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.AgentUpdated, null, """{"type":"agent-updated","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.AgentRolledBack, null, """{"type":"agent-rolled-back","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
        { AgentEventType.AgentUpdateRefused, null, """{"type":"agent-update-refused","at":"2026-11-28T08:05:06+00:00","stream":"local","version":5,"message":"m"}""" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Event_json_is_unchanged(AgentEventType type, RejectionReason? reason, string expected)
    {
        var agentEvent = new AgentEvent { Type = type, At = At, Stream = "local", Version = 5, Reason = reason, Message = "m" };
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(agentEvent, FleetJsonContext.Default.AgentEvent)));
    }

    [Fact]
    public void The_last_agent_update_in_the_status_json()
    {
        var status = new DeviceStatus
        {
            DeviceId = "pi-01",
            AgentVersion = "0.1.1",
            UpdatedAt = At,
            AgentUpdate = new AgentUpdateOutcome { Version = "0.1.2", From = "0.1.1", Result = AgentUpdateResult.RolledBack, Reason = "the new agent exited with status 70 during probation", At = At },
        };

        Assert.Equal(
            """{"deviceId":"pi-01","agentVersion":"0.1.1","updatedAt":"2026-11-28T08:05:06+00:00","converged":false,"groups":[],"streams":{},"conflicts":[],"apps":{},"agentUpdate":{"version":"0.1.2","from":"0.1.1","result":"rolled-back","reason":"the new agent exited with status 70 during probation","at":"2026-11-28T08:05:06+00:00"}}""",
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(status, FleetJsonContext.Default.DeviceStatus)));
    }

    [Fact]
    public void Rejection_reason_codes_are_unchanged_in_json_and_in_messages()
    {
        string[] expected =
        [
            "invalid-manifest", "policy-denied", "unsigned-refused", "merge-invalid", "oversize", "malformed-envelope",
            "wrong-payload-type", "signature-threshold-not-met", "malformed-root", "root-version", "root-expired",
            "root-rotation-limit", "version-rollback", "version-reused", "expired", "issued-before-clock-floor",
            "issued-in-future", "wrong-target", "no-trust-root", "unreachable-after-change", "probation-failed",
            "invalid-request", "request-replayed", "no-requests-role", "request-busy",
        ];
        var reasons = Enum.GetValues<RejectionReason>();
        Assert.Equal(expected, reasons.Select(r => r.Code()));
        Assert.Equal(expected.Select(c => $"\"{c}\""), reasons.Select(r => JsonSerializer.Serialize(new AgentEvent { Type = AgentEventType.Rejected, At = At, Reason = r, Message = "m" }, FleetJsonContext.Default.AgentEvent)).Select(j => j[(j.IndexOf("\"reason\":", StringComparison.Ordinal) + 9)..j.IndexOf(",\"message\"", StringComparison.Ordinal)]));
    }
}
