namespace EdgeAgent.Docker.Engine;

/// <summary>A container's healthcheck; durations in nanoseconds, as the API takes them.</summary>
internal sealed class HealthcheckRequest
{
    public required IReadOnlyList<string> Test { get; init; }
    public long Interval { get; init; }
    public long Timeout { get; init; }
    public long Retries { get; init; }
    public long StartPeriod { get; init; }
}
