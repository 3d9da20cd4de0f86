namespace EdgeAgent.Docker.Engine;

/// <summary>An inspected container's State.</summary>
internal sealed class ContainerStateDetails
{
    public string? Status { get; init; }
    public bool Running { get; init; }
    public long ExitCode { get; init; }
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
    public HealthDetails? Health { get; init; }
}
