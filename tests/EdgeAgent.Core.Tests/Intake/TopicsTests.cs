using EdgeAgent.Core.Intake;

namespace EdgeAgent.Core.Tests.Intake;

public sealed class TopicsTests
{
    [Theory]
    [InlineData("edge/v1/devices/pi-01/status", "status", "pi-01")]
    [InlineData("edge/v1/devices/pi-01/events", "status", null)]
    [InlineData("edge/v1/devices/pi-01/x/status", "status", null)]
    [InlineData("edge/v1/devices//status", "status", null)]
    [InlineData("edge/v1/groups/barn/status", "status", null)]
    [InlineData("edge/v1/devices/edge-operator/status", "status", null)]
    [InlineData("edge/v1/devices/edge-monitor-2/status", "status", null)]
    [InlineData("edge/v1/devices/edge-operators/status", "status", "edge-operators")]
    public void DeviceOf_names_only_a_device_that_may_exist(string topic, string leaf, string? expected) =>
        Assert.Equal(expected, Topics.DeviceOf(topic, leaf));
}
