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

    [Theory]
    [InlineData("edge/v1/rollouts/barn-v3", "barn-v3")]
    [InlineData("edge/v1/rollouts/edge-monitor-lab-v3", "edge-monitor-lab-v3")] // a group's default id, not a device id
    [InlineData("edge/v1/rollouts/edge-operator", "edge-operator")]
    [InlineData("edge/v1/rollouts/barn-v3/control", null)]
    [InlineData("edge/v1/rollouts/", null)]
    [InlineData("edge/v1/devices/barn-v3", null)]
    public void RolloutOf_names_any_valid_rollout_id(string topic, string? expected) =>
        Assert.Equal(expected, Topics.RolloutOf(topic));
}
