extern alias edgectl;

using System.Text;
using edgectl::EdgeCtl.Fleet;

namespace EdgeAgent.Tests.Fleet;

/// <summary>What counts as a change of the fleet view, which `fleet watch` redraws on.</summary>
public sealed class FleetViewTests
{
    private const string Status = "edge/v1/devices/pi-01/status", Online = "edge/v1/devices/pi-01/online";

    private static byte[] StatusJson(string updatedAt) =>
        Encoding.UTF8.GetBytes($$$"""{"deviceId":"pi-01","agentVersion":"1.0.0","converged":true,"updatedAt":"{{{updatedAt}}}","apps":{},"streams":{}}""");

    [Fact]
    public void A_repeated_message_is_no_change_and_anything_else_about_the_device_is()
    {
        var view = new FleetView([]);
        Assert.True(view.Apply(Status, StatusJson("2026-12-01T00:00:00Z")));
        Assert.False(view.Apply(Status, StatusJson("2026-12-01T00:00:00Z"))); // republished at a refresh
        Assert.True(view.Apply(Status, StatusJson("2026-12-01T00:05:00Z")));
        Assert.True(view.Apply(Online, "online"u8.ToArray()));
        Assert.False(view.Apply(Online, "online"u8.ToArray()));
        Assert.True(view.Apply(Online, "offline"u8.ToArray()));
        Assert.True(view.Apply(Status, []));  // erased
        Assert.False(view.Apply(Status, []));
        Assert.True(view.Apply(Status, StatusJson("2026-12-01T00:05:00Z"))); // the same status again, after the erasure
        Assert.Equal("2026-12-01T00:05:00Z", view.Devices.Single().Status!.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("edge/v1/devices/pi-02/status")]
    [InlineData("edge/v1/devices/pi-02/online")]
    [InlineData("edge/v1/devices/pi-01/events")]
    [InlineData("edge/v1/groups/demo/desired")]
    public void A_message_about_another_device_or_topic_is_no_change(string topic)
    {
        var view = new FleetView(["pi-01"]);
        Assert.False(view.Apply(topic, "online"u8.ToArray()));
        Assert.Equal("pi-01", view.Devices.Single().DeviceId);
    }
}
