using System.Text.Json;
using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.Tests.Reporting;

/// <summary>A device's own status: a JSON null where a reader needs a value is named by its path, whatever else the status holds.</summary>
public sealed class ReportShapeTests
{
    private const string Head = """ "deviceId": "pi-01", "agentVersion": "0.5.0", "updatedAt": "2026-12-07T10:00:00Z" """;

    [Theory]
    [InlineData("", null)]
    [InlineData(""" , "groups": ["a", "b"], "conflicts": [], "apps": {"web": {"desired": "running", "observed": "running"}} """, null)]
    [InlineData(""" , "groups": ["a", null] """, "$.groups[1]")]
    [InlineData(""" , "conflicts": [null] """, "$.conflicts[0]")]
    [InlineData(""" , "apps": {"b": {"desired": "running", "observed": "exited"}, "a": null} """, "$.apps.a")]
    [InlineData(""" , "apps": {"web": {"desired": "running", "observed": null}} """, "$.apps.web.observed")]
    [InlineData(""" , "streams": {"local": null} """, "$.streams.local")]
    [InlineData(""" , "streams": {"local": {"rejected": {"reason": "expired", "errors": [null], "at": "2026-12-07T10:00:00Z"}}} """, "$.streams.local.rejected.errors[0]")]
    [InlineData(""" , "ovs": {"br0": null} """, "$.ovs.br0")]
    [InlineData(""" , "ovs": {"br0": {"ports": {"p": null}}} """, "$.ovs.br0.ports.p")]
    [InlineData(""" , "ovs": {"br0": {"ports": {"p": {"type": null}}}} """, "$.ovs.br0.ports.p.type")]
    [InlineData(""" , "agentUpdate": {"version": "0.6.0", "from": null, "result": "updated", "at": "2026-12-07T10:00:00Z"} """, "$.agentUpdate.from")]
    public void The_first_null_is_named_by_its_path(string rest, string? expected)
    {
        var status = JsonSerializer.Deserialize("{" + Head + rest + "}", FleetJsonContext.Default.DeviceStatus)!;
        Assert.Equal(expected, ReportShape.NullIn(status));
    }

    [Theory]
    [InlineData("""{"type": "applied", "at": "2026-12-07T10:00:00Z", "message": "applied v2"}""", null)]
    [InlineData("""{"type": "applied", "at": "2026-12-07T10:00:00Z", "message": null}""", "$.message")]
    public void An_event_without_its_message_is_named(string json, string? expected) =>
        Assert.Equal(expected, ReportShape.NullIn(JsonSerializer.Deserialize(json, FleetJsonContext.Default.AgentEvent)!));
}
