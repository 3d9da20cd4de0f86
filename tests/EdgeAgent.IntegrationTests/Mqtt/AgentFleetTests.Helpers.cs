using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>The fleet tests' helpers: signing, publishing, reading the device's status and events.</summary>
public sealed partial class AgentFleetTests
{
    private RootDocument RootWith(long version, ECDsa manifestsKey) =>
        RootDocument.Create(version, [rootKey], 1, [manifestsKey], 1, Now.AddYears(1));

    private static byte[] SignRoot(RootDocument root, params ECDsa[] keys) => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), keys));

    private static string Sign(string json, ECDsa key) => Encoding.UTF8.GetString(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(json), [key])));

    private static string Json(long version, string device = "pi-01", string dbMemory = "32Mi") =>
        Manifests.Stack(version: version, dbMemory: dbMemory, withWorker: false)
            .Replace("\"devices\": [\"pi-01\"]", $"\"devices\": [\"{device}\"]", StringComparison.Ordinal);

    private string Config() => temp.AgentConfig(broker: BrokerJson());

    private static AgentProcess StartAgent(string config) =>
        AgentProcess.Start(["run", "--config", config], new Dictionary<string, string> { ["EDGEAGENT_LOG_LEVEL"] = "Debug" });

    private async Task PublishAsync(string topic, string payload)
    {
        await using var operatorClient = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-operator"), broker.KeyFile("edge-operator"), "edge-operator");
        var code = await operatorClient.PublishAsync(topic, payload);
        Assert.True(code is MQTTnet.MqttClientPublishReasonCode.Success or MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers, $"{topic}: {code}");
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> FleetStatusAsync(params string[] extra) =>
        AgentProcess.RunEdgeCtlAsync([
            "fleet", "status", "--broker", $"mqtts://localhost:{broker.Port}", "--ca", broker.CaFile,
            "--cert", broker.CertFile("edge-operator"), "--key", broker.KeyFile("edge-operator"), "--device", "pi-01", .. extra]);

    private DeviceStatus? LatestStatus() =>
        monitor!.Received.Where(m => m.Topic == "edge/v1/devices/pi-01/status" && m.Payload.Length > 0)
            .Select(m => JsonSerializer.Deserialize(m.Payload, FleetJsonContext.Default.DeviceStatus))
            .LastOrDefault();

    private List<AgentEvent> Events() =>
        [.. monitor!.Received.Where(m => m.Topic == "edge/v1/devices/pi-01/events")
            .Select(m => JsonSerializer.Deserialize(m.Payload, FleetJsonContext.Default.AgentEvent)!)];

    private string? Online() => monitor!.Received.LastOrDefault(m => m.Topic == "edge/v1/devices/pi-01/online").Payload;

    private async Task<DeviceStatus> ConvergedAtAsync(long version, AgentProcess agent, string what)
    {
        try
        {
            await DockerHost.EventuallyAsync(
                () => Task.FromResult(LatestStatus() is { Converged: true } s
                    && s.Streams.TryGetValue(DeviceTopic, out var stream) && stream.AppliedVersion == version
                    && s.Apps.TryGetValue("itest-web", out var web) && web.Observed == "running"),
                Timeout,
                what);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\nagent stdout:\n{agent.Stdout}\nstderr:\n{agent.Stderr}", ex);
        }

        return LatestStatus()!;
    }

    private async Task<long> DbMemoryAsync()
    {
        try
        {
            return (await docker.InspectAsync("itest-db")).HostConfig.Memory;
        }
        catch (global::Docker.DotNet.DockerContainerNotFoundException)
        {
            return -1;
        }
    }

    private string BrokerJson() => $$"""
        { "url": "mqtts://localhost:{{broker.Port}}", "caFile": "{{broker.CaFile}}", "certFile": "{{broker.CertFile("pi-01")}}", "keyFile": "{{broker.KeyFile("pi-01")}}" }
        """;

    private static string GroupJson(string group = "demo", string app = "itest-group-app", long version = 3, int? hostPort = null) => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "{{group}}-group", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z",
                        "target": { "groups": ["{{group}}"] } },
          "spec": { "apps": { "{{app}}": { "image": "{{DockerHost.Image}}", "command": ["sleep", "3600"], "init": true, "stopGracePeriodSeconds": 1{{(hostPort is { } port ? $", \"ports\": [ {{ \"host\": {port}, \"container\": 80, \"hostIp\": \"127.0.0.1\" }} ]" : "")}} } } }
        }
        """;
}
