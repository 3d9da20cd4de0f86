using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Tests.Desired;

/// <summary>
/// Hashes of specs with every field set, pinned: how the spec is serialised for hashing (field
/// order, escaping, the serializer's code path) must never change under a device, or an agent
/// upgrade recreates every container and network it manages. Change these only with a migration.
/// </summary>
public sealed class SpecHashGoldenTests
{
    private static readonly ContainerSpec EveryField = new()
    {
        Name = "web",
        Image = "edgeagent/nginx@sha256:" + new string('a', 64),
        Command = ["nginx", "-g", "daemon off;"],
        Entrypoint = ["/docker-entrypoint.sh"],
        Env = ["A=1", "B=\"quoted\" <tag> & ü"],
        Ports = [new PortBinding(8080, 80, "tcp", null), new PortBinding(5353, 53, "udp", "127.0.0.1")],
        Mounts = [new MountSpec(true, "data", "/data", false), new MountSpec(false, "/etc/ssl", "/ssl", true)],
        Networks = ["front", "back"],
        NetworkHashes = ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"],
        RestartPolicy = "on-failure",
        RestartMaxRetries = 5,
        Healthcheck = new HealthcheckDefinition(["CMD", "wget", "-q", "http://localhost/"], 10, 3, 4, 20),
        Init = true,
        StopGracePeriodSeconds = 30,
        ReadOnlyRootFs = true,
        User = "1000:1000",
        CapAdd = ["NET_ADMIN"],
        CapDrop = ["ALL"],
        Privileged = false,
        NetworkMode = null,
        PidMode = "host",
        IpcMode = "private",
        UtsMode = "host",
        Devices = ["/dev/ttyUSB0:/dev/ttyUSB0:rwm"],
        Logs = new LogLimits(1 << 20, 2),
        Hostname = "web-1",
        Dns = ["10.0.0.53"],
        ExtraHosts = ["db:10.0.0.5"],
    };

    [Fact]
    public void A_container_spec_with_every_field_set_hashes_as_it_always_has()
    {
        Assert.Equal("f62bf9ba2bededae987729349ceea2ec", SpecHash.Of(EveryField));
    }

    [Fact]
    public void A_minimal_container_spec_hashes_as_it_always_has()
    {
        Assert.Equal("6766d620be645269e43044820e28ed74", SpecHash.Of(new ContainerSpec { Name = "a", Image = "busybox", RestartPolicy = "always" }));
    }

    [Fact]
    public void A_network_with_every_field_set_hashes_as_it_always_has()
    {
        var network = new DesiredNetwork
        {
            Name = "front", Subnet = "10.10.0.0/24", Gateway = "10.10.0.1", IpRange = "10.10.0.128/25",
            Mtu = 1400, OvsBridge = "br-mesh", SpecHash = "ignored",
        };
        Assert.Equal("b2d9168b62b462e3d26576e9136e1908", SpecHash.Of(network));
        Assert.Equal("68f49495c49b6accb38f87507c678c51", SpecHash.Of(new DesiredNetwork { Name = "plain", SpecHash = "" }));
    }
}
