namespace EdgeAgent.Docker.Engine;

/// <summary>The body of POST /containers/create (the name goes in the query).</summary>
internal sealed class ContainerCreateRequest
{
    public string? Hostname { get; init; }
    public string? User { get; init; }
    public required string Image { get; init; }

    /// <summary>Null keeps the image's own CMD (an empty list would clear it).</summary>
    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public HealthcheckRequest? Healthcheck { get; init; }

    /// <summary>Seconds Docker waits after SIGTERM before SIGKILL when stopping this container.</summary>
    public int? StopTimeout { get; init; }

    public HostConfigRequest? HostConfig { get; init; }
    public NetworkingConfigRequest? NetworkingConfig { get; init; }
}
