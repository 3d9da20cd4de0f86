using System.Globalization;
using System.Text.Json;
using EdgeAgent.Core.Reporting;
using EdgeAgent.IntegrationTests.Agent;
using MQTTnet;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>
/// An operator's view of a fleet larger than mosquitto's per-client queue: `fleet status` receives
/// every device's retained status and online message at once, and mosquitto silently drops what
/// exceeds max_queued_messages (with its default, a QoS 1 subscriber saw 1,020 of 1,500). The
/// repository's broker-config must let every device through.
/// </summary>
public sealed class LargeFleetStatusTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private const int FleetSize = 3000;

    [Fact]
    public async Task Fleet_status_lists_every_device_of_a_fleet_larger_than_the_brokers_default_queue()
    {
        await using (var fleet = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-operator"), broker.KeyFile("edge-operator"), "fleet-simulator"))
        {
            for (var i = 0; i < FleetSize; i++)
            {
                var device = Device(i);
                var status = new DeviceStatus { DeviceId = device, AgentVersion = "test", UpdatedAt = DateTimeOffset.UtcNow, Converged = true };
                Assert.True(Accepted(await fleet.PublishAsync($"edge/v1/devices/{device}/status", JsonSerializer.Serialize(status, FleetJsonContext.Default.DeviceStatus))));
                Assert.True(Accepted(await fleet.PublishAsync($"edge/v1/devices/{device}/online", "online")));
            }
        }

        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync([
            "fleet", "status", "--json", "--broker", $"mqtts://localhost:{broker.Port}", "--ca", broker.CaFile,
            "--cert", broker.CertFile("edge-monitor"), "--key", broker.KeyFile("edge-monitor")]);

        using var listed = JsonDocument.Parse(stdout);
        var devices = listed.RootElement.EnumerateArray()
            .Where(d => d.TryGetProperty("online", out var online) && online.GetString() == "online" && d.GetProperty("healthy").GetBoolean())
            .Select(d => d.GetProperty("deviceId").GetString()).ToHashSet(StringComparer.Ordinal);
        Assert.True(FleetSize == devices.Count, $"{devices.Count} of {FleetSize} devices listed online and healthy");
        Assert.True(exit == 0, $"exit {exit} (all healthy is 0): {stderr}");
        Assert.Contains(Device(0), devices);
        Assert.Contains(Device(FleetSize - 1), devices);
    }

    // Retained, so held even when nobody is subscribed yet.
    private static bool Accepted(MqttClientPublishReasonCode code) => code is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers;

    private static string Device(int i) => "sim-" + i.ToString("D5", CultureInfo.InvariantCulture);
}
