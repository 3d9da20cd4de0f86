namespace EdgeAgent.Core.Policy;

/// <summary>The device's own admission policy (agent.json "policy"). Everything risky is denied unless allowed here.</summary>
public sealed record AdmissionPolicy
{
    public bool RequireDigest { get; init; } = true;
    public IReadOnlyList<string> AllowedBindPrefixes { get; init; } = ["/srv/edge"];
    public IReadOnlyList<string> AllowedCapAdd { get; init; } = [];
    public IReadOnlyList<string> AllowedDevices { get; init; } = [];

    /// <summary>Network interfaces no manifest may put on a bridge, and the agent never touches: the uplink, the management path.</summary>
    public IReadOnlyList<string> ProtectedInterfaces { get; init; } = [];

    /// <summary>Paths that are never bindable, whatever the prefixes say: the Docker API sockets.</summary>
    public IReadOnlyList<string> DockerSocketPaths { get; init; } = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"];
}
