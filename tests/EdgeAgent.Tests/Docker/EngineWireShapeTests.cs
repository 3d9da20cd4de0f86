using System.Text.Json;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Tests.Docker;

/// <summary>
/// The engine bodies byte for byte: every request shape the agent writes, with every field set, and
/// every response shape it reads, field by field. Pins the JSON while the shapes' C# form changes
/// (records or classes): names, order, nulls left out.
/// </summary>
public sealed class EngineWireShapeTests
{
    [Fact]
    public void A_create_body_is_written_byte_for_byte()
    {
        var create = new ContainerCreateRequest
        {
            Image = "busybox",
            ExposedPorts = new Dictionary<string, EmptyObject> { ["80/tcp"] = EmptyObject.Value },
            Healthcheck = new HealthcheckRequest { Test = ["CMD", "true"], Interval = 5, Timeout = 2, Retries = 3, StartPeriod = 1 },
            HostConfig = new HostConfigRequest
            {
                PortBindings = new Dictionary<string, IReadOnlyList<PortBindingRequest>> { ["80/tcp"] = [new PortBindingRequest("127.0.0.1", "8080")] },
                Mounts = [new MountRequest("bind", "/src", "/dst", true)],
                RestartPolicy = new RestartPolicyRequest("on-failure", 4),
                Devices = [new DeviceMappingRequest("/dev/a", "/dev/b", "rwm")],
                LogConfig = new LogConfigRequest("json-file", new Dictionary<string, string> { ["max-size"] = "1m" }),
            },
            NetworkingConfig = new NetworkingConfigRequest(new Dictionary<string, EndpointRequest> { ["edge"] = new EndpointRequest(["web"]) }),
        };

        Assert.Equal(
            """{"Image":"busybox","ExposedPorts":{"80/tcp":{}},"Healthcheck":{"Test":["CMD","true"],"Interval":5,"Timeout":2,"Retries":3,"StartPeriod":1},"HostConfig":{"PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]},"Mounts":[{"Type":"bind","Source":"/src","Target":"/dst","ReadOnly":true}],"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":4},"ReadonlyRootfs":false,"Privileged":false,"Devices":[{"PathOnHost":"/dev/a","PathInContainer":"/dev/b","CgroupPermissions":"rwm"}],"LogConfig":{"Type":"json-file","Config":{"max-size":"1m"}},"Memory":0,"MemorySwap":0,"NanoCpus":0,"CpuShares":0,"BlkioWeight":0},"NetworkingConfig":{"EndpointsConfig":{"edge":{"Aliases":["web"]}}}}""",
            JsonSerializer.Serialize(create, EngineJsonContext.Default.ContainerCreateRequest));
    }

    [Fact]
    public void The_network_bodies_and_the_registry_login_are_written_byte_for_byte()
    {
        var network = new NetworkCreateRequest
        {
            Name = "edge",
            IPAM = new IpamRequest("default", [new IpamPoolRequest { Subnet = "10.0.0.0/24", Gateway = "10.0.0.1" }]),
        };

        Assert.Equal(
            """{"Name":"edge","Driver":"bridge","IPAM":{"Driver":"default","Config":[{"Subnet":"10.0.0.0/24","Gateway":"10.0.0.1"}]}}""",
            JsonSerializer.Serialize(network, EngineJsonContext.Default.NetworkCreateRequest));
        Assert.Equal(
            """{"Container":"abc","EndpointConfig":{"Aliases":["web"]}}""",
            JsonSerializer.Serialize(new NetworkConnectRequest("abc", new EndpointRequest(["web"])), EngineJsonContext.Default.NetworkConnectRequest));
        Assert.Equal(
            """{"username":"u","password":"p","serveraddress":"r.example"}""",
            JsonSerializer.Serialize(new RegistryLogin("u", "p", "r.example"), EngineJsonContext.Default.RegistryLogin));
    }

    [Fact]
    public void The_responses_are_read_field_by_field()
    {
        var image = JsonSerializer.Deserialize("""{"Id":"sha256:1","RootFS":{"Layers":["l1","l2"]}}""", EngineJsonContext.Default.ImageDetails)!;
        var created = JsonSerializer.Deserialize("""{"Id":"c1","Warnings":["w"]}""", EngineJsonContext.Default.ContainerCreated)!;
        var updated = JsonSerializer.Deserialize("""{"Warnings":["u"]}""", EngineJsonContext.Default.ContainerUpdated)!;
        var version = JsonSerializer.Deserialize("""{"Version":"27.0","ApiVersion":"1.41"}""", EngineJsonContext.Default.EngineVersion)!;
        var error = JsonSerializer.Deserialize("""{"message":"no such image"}""", EngineJsonContext.Default.EngineError)!;
        var progress = JsonSerializer.Deserialize("""{"id":"l1","status":"Downloading","progressDetail":{"current":5,"total":10},"error":"e"}""", EngineJsonContext.Default.ProgressMessage)!;
        var info = JsonSerializer.Deserialize("""{"SwapLimit":true,"Warnings":["w"],"DockerRootDir":"/var/lib/docker","Architecture":"aarch64"}""", EngineJsonContext.Default.EngineInfo)!;
        var images = JsonSerializer.Deserialize("""[{"Id":"sha256:1","RepoTags":["a:1"],"RepoDigests":["a@sha256:2"]}]""", EngineJsonContext.Default.IReadOnlyListImageSummary)!;
        var engineEvent = JsonSerializer.Deserialize("""{"Type":"container","Action":"die","Actor":{"ID":"c1","Attributes":{"k":"v"}}}""", EngineJsonContext.Default.EngineEvent)!;
        var details = JsonSerializer.Deserialize("""{"Id":"c1","State":{"Health":{"Status":"healthy","Log":[{"Output":"ok"}]}}}""", EngineJsonContext.Default.ContainerDetails)!;

        Assert.Equal("sha256:1", image.Id);
        Assert.Equal(["l1", "l2"], image.RootFS!.Layers!);
        Assert.Equal(("c1", "w"), (created.Id, Assert.Single(created.Warnings!)));
        Assert.Equal(["u"], updated.Warnings!);
        Assert.Equal(("27.0", "1.41"), (version.Version, version.ApiVersion));
        Assert.Equal("no such image", error.Message);
        Assert.Equal(("l1", "Downloading", 5L, 10L, "e"), (progress.Id, progress.Status, progress.ProgressDetail!.Current, progress.ProgressDetail.Total, progress.Error));
        Assert.Equal((true, "w", "/var/lib/docker", "aarch64"), (info.SwapLimit, Assert.Single(info.Warnings!), info.DockerRootDir, info.Architecture));
        var summary = Assert.Single(images);
        Assert.Equal(("sha256:1", "a:1", "a@sha256:2"), (summary.Id, Assert.Single(summary.RepoTags!), Assert.Single(summary.RepoDigests!)));
        Assert.Equal(("container", "die", "c1", "v"), (engineEvent.Type, engineEvent.Action, engineEvent.Actor!.Id, engineEvent.Actor.Attributes!["k"]));
        Assert.Equal("ok", Assert.Single(details.State!.Health!.Log!).Output);
    }
}
