namespace EdgeAgent.Core.Admission;

/// <summary>The device's own admission policy (agent.json "policy"). Everything risky is denied unless allowed here.</summary>
public sealed record AdmissionPolicy
{
    public bool RequireDigest { get; init; } = true;
    public IReadOnlyList<string> AllowedBindPrefixes { get; init; } = ["/srv/edge"];
    public IReadOnlyList<string> AllowedCapAdd { get; init; } = [];
    public IReadOnlyList<string> AllowedDevices { get; init; } = [];

    /// <summary>Admit privileged containers (Home Assistant-style stacks on a dedicated device).</summary>
    public bool AllowPrivileged { get; init; }

    /// <summary>Admit the host's network, pid, ipc and uts namespaces, and joining another container's.</summary>
    public bool AllowHostNamespaces { get; init; }

    /// <summary>Network interfaces no manifest may put on a bridge, and the agent never touches: the uplink, the management path.</summary>
    public IReadOnlyList<string> ProtectedInterfaces { get; init; } = [];

    /// <summary>
    /// Paths that are never bindable, whatever the prefixes say: the Docker and OVSDB API sockets at
    /// their usual places. The agent adds the sockets it is configured to use and its own files.
    /// </summary>
    public IReadOnlyList<ProtectedPath> ProtectedPaths { get; init; } =
    [
        ProtectedPath.DockerSocket("/var/run/docker.sock"),
        ProtectedPath.DockerSocket("/run/docker.sock"),
        ProtectedPath.DockerSocket("/run/containerd/containerd.sock"),
        ProtectedPath.OvsdbSocket("/var/run/openvswitch/db.sock"),
        ProtectedPath.OvsdbSocket("/run/openvswitch/db.sock"),
    ];
}
