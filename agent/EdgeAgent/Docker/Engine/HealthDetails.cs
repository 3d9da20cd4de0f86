namespace EdgeAgent.Docker.Engine;

/// <summary>An inspected container's State.Health: its status and the last checks' outputs.</summary>
internal sealed class HealthDetails
{
    public string? Status { get; init; }
    public IReadOnlyList<HealthCheckResult>? Log { get; init; }
}
