namespace EdgeAgent.Docker.Engine;

/// <summary>What the agent reads of GET /containers/ID/json.</summary>
internal sealed class ContainerDetails
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public string? Image { get; init; }
    public long RestartCount { get; init; }
    public ContainerStateDetails? State { get; init; }
    public ContainerConfigDetails? Config { get; init; }
    public HostResources? HostConfig { get; init; }
}
