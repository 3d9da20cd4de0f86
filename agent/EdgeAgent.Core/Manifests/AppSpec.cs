namespace EdgeAgent.Core.Manifests;

/// <summary>One application: a single container with its configuration and limits.</summary>
public sealed record AppSpec
{
    public required string Image { get; init; }
    public IReadOnlyList<string> Command { get; init; } = [];
    public IReadOnlyList<string> Entrypoint { get; init; } = [];
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<PortSpec> Ports { get; init; } = [];
    public IReadOnlyList<VolumeSpec> Volumes { get; init; } = [];
    public IReadOnlyList<BindSpec> Binds { get; init; } = [];
    public IReadOnlyList<string> Networks { get; init; } = [];
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public string RestartPolicy { get; init; } = "unless-stopped";
    public HealthcheckSpec? Healthcheck { get; init; }
    public ResourcesSpec Resources { get; init; } = new();
    public SecuritySpec Security { get; init; } = new();
    public UpdateSpec Update { get; init; } = new();
    public string State { get; init; } = AppStates.Running;
}
