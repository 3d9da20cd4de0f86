namespace EdgeAgent.Docker.Engine;

/// <summary>One healthcheck run as State.Health.Log keeps it.</summary>
internal sealed class HealthCheckResult(string? output)
{
    public string? Output { get; } = output;
}
