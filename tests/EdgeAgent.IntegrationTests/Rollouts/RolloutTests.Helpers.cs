using System.Text;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Rollouts;

/// <summary>The rollout tests' helpers: the trust root, signed group manifests, edgectl, and what the broker retains.</summary>
public sealed partial class RolloutTests
{
    private string RootFile()
    {
        var path = temp.File("root.json");
        if (!File.Exists(path))
        {
            var root = RootDocument.Create(1, [rootKey], 1, [opKey], 1, DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllBytes(path, DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), [rootKey])));
        }

        return path;
    }

    /// <summary>The operator's device list (as `edgectl broker authorization --devices` reads it) putting <paramref name="ids"/> in the group; returns its file.</summary>
    private string Listed(string group, IEnumerable<string> ids, string more = "")
    {
        var path = temp.File($"devices-{group}.txt");
        File.WriteAllText(path, "# device groups\n" + string.Concat(ids.Select(d => $"{d} {group}\n")) + more);
        return path;
    }

    /// <summary>A signed manifest for the group, one app on edgeagent/busybox:TAG; returns its file.</summary>
    private string Signed(string group, long version, string tag, System.Security.Cryptography.ECDsa? signer = null)
    {
        var json = $$"""
            {
              "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "{{group}}", "version": {{version}}, "issuedAt": "{{DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}", "expiresAt": "2036-01-01T00:00:00Z",
                            "target": { "groups": ["{{group}}"] } },
              "spec": { "apps": { "sensor": { "image": "edgeagent/busybox:{{tag}}", "command": ["sleep", "3600"] } } }
            }
            """;
        var path = temp.File($"{group}-v{version}{(signer is null ? "" : "-other-signer")}.dsse.json");
        File.WriteAllBytes(path, DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(json), [signer ?? opKey])));
        return path;
    }

    /// <summary>The group's first manifest, published directly; every device runs it before the rollout.</summary>
    private async Task PublishFirstAsync(FleetObserver observer, string group, IReadOnlyList<string> ids)
    {
        await PublishAsync(Topics.GroupDesired(group), Signed(group, 1, "1.35"));
        await AllAtAsync(observer, ids, 1, "every device on v1 before the rollout");
    }

    private string[] BrokerArgs() =>
        ["--broker", $"mqtts://localhost:{broker.Port}", "--ca", broker.CaFile, "--cert", broker.CertFile("edge-operator"), "--key", broker.KeyFile("edge-operator")];

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunEdgeCtlAsync(string[] args)
    {
        using var edgectl = AgentProcess.StartEdgeCtl([.. args, .. BrokerArgs()]);
        var exit = await edgectl.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return (exit, edgectl.Stdout, edgectl.Stderr);
    }

    private async Task PublishAsync(string topic, string file)
    {
        await using var operatorClient = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-operator"), broker.KeyFile("edge-operator"), "edge-operator");
        var code = await operatorClient.PublishAsync(topic, File.ReadAllText(file));
        Assert.True(code is MQTTnet.MqttClientPublishReasonCode.Success or MQTTnet.MqttClientPublishReasonCode.NoMatchingSubscribers, $"{topic}: {code}");
    }

    private static async Task AllAtAsync(FleetObserver observer, IReadOnlyList<string> devices, long version, string what)
    {
        try
        {
            await DockerHost.EventuallyAsync(() => Task.FromResult(devices.All(d => observer.IsAt(d, version))), Converge, what);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}: {observer.Describe(devices.Where(d => !observer.IsAt(d, version)))}", ex);
        }
    }

    private static async Task<RolloutRecord> RecordAsync(FleetObserver observer, string id, RolloutPhase phase)
    {
        await DockerHost.EventuallyAsync(() => Task.FromResult(observer.Record(id)?.Phase == phase), TimeSpan.FromSeconds(30), $"rollout {id} {phase} (now {observer.Record(id)?.Phase})");
        return observer.Record(id)!;
    }

    /// <summary>The condition holds at every look for five seconds: stable, not just reached once.</summary>
    private static async Task StaysAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.True(condition(), $"{what}: broke after {i * 250} ms");
            await Task.Delay(250);
        }
    }

    /// <summary>What the broker retains on <paramref name="topic"/> (null: nothing), read as the operator.</summary>
    private async Task<string?> RetainedAsync(string topic)
    {
        await using var operatorClient = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-operator"), broker.KeyFile("edge-operator"), "edge-operator");
        await operatorClient.SubscribeAsync(topic);
        await Task.Delay(1000);
        return operatorClient.Received.LastOrDefault(m => m.Topic == topic).Payload;
    }

    /// <summary>The devices' rollout topics that still hold something retained.</summary>
    private async Task<List<string>> RetainedRolloutTopicsAsync(IReadOnlyList<string> devices)
    {
        await using var operatorClient = await MqttTestClient.ConnectAsync(broker, broker.CertFile("edge-operator"), broker.KeyFile("edge-operator"), "edge-operator");
        await operatorClient.SubscribeAsync("edge/v1/devices/+/rollout/+");
        await Task.Delay(1000);
        return [.. operatorClient.Received.Where(m => m.Payload.Length > 0 && devices.Any(d => m.Topic.StartsWith($"edge/v1/devices/{d}/", StringComparison.Ordinal))).Select(m => m.Topic)];
    }
}
