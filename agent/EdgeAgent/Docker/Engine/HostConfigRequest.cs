namespace EdgeAgent.Docker.Engine;

/// <summary>The HostConfig of a container to create: its limits (<see cref="HostResources"/>), ports, mounts, restart policy, namespaces, hardening, logging.</summary>
internal sealed class HostConfigRequest : HostResources
{
    public IReadOnlyDictionary<string, IReadOnlyList<PortBindingRequest>>? PortBindings { get; init; }
    public IReadOnlyList<MountRequest>? Mounts { get; init; }
    public RestartPolicyRequest? RestartPolicy { get; init; }
    public bool? Init { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public bool Privileged { get; init; }
    public string? NetworkMode { get; init; }
    public string? PidMode { get; init; }
    public string? IpcMode { get; init; }
    public string? UTSMode { get; init; }
    public IReadOnlyList<string>? Dns { get; init; }
    public IReadOnlyList<string>? ExtraHosts { get; init; }
    public IReadOnlyList<DeviceMappingRequest>? Devices { get; init; }
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    public LogConfigRequest? LogConfig { get; init; }
}
