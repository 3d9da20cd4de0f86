using System.Text.Json;
using EdgeAgent.Docker;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.IntegrationTests.Adapters;

/// <summary>
/// The create and update bodies the agent's engine client sends, as JSON, without a daemon: the names
/// and units the Docker API expects (limits flat in HostConfig, healthcheck durations in
/// nanoseconds, the stop timeout in seconds, {} for exposed ports, nothing written for what is unset).
/// </summary>
public sealed class EngineRequestShapeTests
{
    [Fact]
    public void A_create_body_names_every_field_as_the_API_does()
    {
        var desired = DockerHost.Admit($$"""
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "shape", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z" },
              "spec": { "networks": { "edge": { "subnet": "172.31.252.0/24" } },
                "apps": { "web": { "image": "{{DockerHost.Image}}", "command": ["httpd", "-f"], "stopGracePeriodSeconds": 7, "restartPolicy": "unless-stopped",
                  "networks": ["edge"], "env": { "ROLE": "web" },
                  "ports": [ { "host": 8080, "container": 80, "hostIp": "127.0.0.1" } ],
                  "healthcheck": { "test": ["CMD", "true"], "intervalSeconds": 5, "timeoutSeconds": 2, "retries": 3 },
                  "resources": { "memory": "64Mi", "cpus": 0.5, "cpuShares": 256, "pidsLimit": 32 } } } } }
            """);

        using var body = JsonDocument.Parse(JsonSerializer.Serialize(DockerContainerMapping.ToCreateRequest(desired.Apps["web"]), EngineJsonContext.Default.ContainerCreateRequest));
        var root = body.RootElement;
        var host = root.GetProperty("HostConfig");

        Assert.Equal(["httpd", "-f"], root.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.TryGetProperty("Entrypoint", out _)); // unset: the image's own
        Assert.Equal(7, root.GetProperty("StopTimeout").GetInt32());
        Assert.Equal(5_000_000_000, root.GetProperty("Healthcheck").GetProperty("Interval").GetInt64());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("ExposedPorts").GetProperty("80/tcp").ValueKind);
        Assert.Equal("true", root.GetProperty("Labels").GetProperty(DockerLabels.Managed).GetString());
        Assert.Equal(64L << 20, host.GetProperty("Memory").GetInt64());
        Assert.Equal(500_000_000, host.GetProperty("NanoCpus").GetInt64());
        Assert.Equal(256, host.GetProperty("CpuShares").GetInt64());
        Assert.Equal(32, host.GetProperty("PidsLimit").GetInt64());
        Assert.Equal("unless-stopped", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.Equal("127.0.0.1", host.GetProperty("PortBindings").GetProperty("80/tcp")[0].GetProperty("HostIp").GetString());
        Assert.Equal("8080", host.GetProperty("PortBindings").GetProperty("80/tcp")[0].GetProperty("HostPort").GetString());
        Assert.Equal("edge", host.GetProperty("NetworkMode").GetString());
        Assert.Equal(["web"], root.GetProperty("NetworkingConfig").GetProperty("EndpointsConfig").GetProperty("edge").GetProperty("Aliases").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void An_update_body_carries_the_limits_and_twice_the_memory_as_swap_when_none_is_desired()
    {
        var limits = new EdgeAgent.Core.Desired.ResourceLimits { MemoryBytes = 32L << 20, NanoCpus = 250_000_000 };

        using var body = JsonDocument.Parse(JsonSerializer.Serialize(DockerContainerMapping.ToUpdate(limits), EngineJsonContext.Default.HostResources));

        Assert.Equal(32L << 20, body.RootElement.GetProperty("Memory").GetInt64());
        Assert.Equal(64L << 20, body.RootElement.GetProperty("MemorySwap").GetInt64());
        Assert.Equal(250_000_000, body.RootElement.GetProperty("NanoCpus").GetInt64());
    }

    [Fact]
    public void An_inspection_with_fields_of_a_newer_engine_is_read()
    {
        var inspected = JsonSerializer.Deserialize("""
            { "Id": "abc", "Name": "/web", "RestartCount": 2, "ImageManifestDescriptor": { "mediaType": "x" },
              "State": { "Status": "running", "Running": true, "ExitCode": 0, "StartedAt": "2026-11-30T10:00:00.5Z", "Health": { "Status": "healthy", "Log": [ { "Output": "ok" } ] } },
              "Config": { "Image": "busybox", "Labels": { "io.edgeagent.app": "web" } },
              "HostConfig": { "Memory": 1048576, "NanoCpus": 1, "PidsLimit": null } }
            """, EngineJsonContext.Default.ContainerDetails)!;

        var observed = DockerContainerMapping.ToObserved(inspected, "web");

        Assert.Equal(("abc", "web", 2L, "healthy", "ok", 1048576L), (observed.Id, observed.Name, observed.RestartCount, observed.Health, observed.HealthLog, observed.Resources.MemoryBytes));
    }
}
