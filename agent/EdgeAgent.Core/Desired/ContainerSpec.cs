namespace EdgeAgent.Core.Desired;

/// <summary>
/// Everything about a container except its limits, normalised (sorted env, explicit defaults)
/// so that equal intent always hashes equally. A change here recreates the container.
/// </summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public IReadOnlyList<string> Command { get; init; } = [];
    public IReadOnlyList<string> Entrypoint { get; init; } = [];
    public IReadOnlyList<string> Env { get; init; } = [];
    public IReadOnlyList<PortBinding> Ports { get; init; } = [];
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];

    /// <summary>Agent-owned networks, in manifest order; the first one is attached at create time.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>Spec hashes of the networks above: redefining a network recreates its containers.</summary>
    public IReadOnlyList<string> NetworkHashes { get; init; } = [];
    public required string RestartPolicy { get; init; }
    public int RestartMaxRetries { get; init; }
    public HealthcheckDefinition? Healthcheck { get; init; }
    public bool Init { get; init; }
    public int StopGracePeriodSeconds { get; init; } = 10;
    public bool ReadOnlyRootFs { get; init; }
    public string? User { get; init; }
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public bool Privileged { get; init; }
    public string? NetworkMode { get; init; }
    public string? PidMode { get; init; }
    public string? IpcMode { get; init; }
    public string? UtsMode { get; init; }
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>
    /// The log cap when it is not <see cref="LogLimits.Default"/> (which <see cref="Hardening"/> carries);
    /// left out of the hash when unset, so that containers created before logs were configurable keep theirs.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public LogLimits? Logs { get; init; }

    /// <summary>Hardening the agent always applies; part of the hash so a change to it rolls out.</summary>
    public HardeningDefaults Hardening { get; init; } = HardeningDefaults.Current;

    // Absent (null) unless set, so that the hashes of specs written before these fields existed do not change.
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Hostname { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Dns { get; init; }

    /// <summary>"name:ip", ordered.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ExtraHosts { get; init; }
}
