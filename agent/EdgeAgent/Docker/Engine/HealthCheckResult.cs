namespace EdgeAgent.Docker.Engine;

/// <summary>One healthcheck run as State.Health.Log keeps it.</summary>
internal sealed record HealthCheckResult(string? Output);
