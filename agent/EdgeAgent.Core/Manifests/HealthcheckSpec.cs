namespace EdgeAgent.Core.Manifests;

public sealed record HealthcheckSpec
{
    public required IReadOnlyList<string> Test { get; init; }
    public int IntervalSeconds { get; init; } = 30;
    public int TimeoutSeconds { get; init; } = 10;
    public int Retries { get; init; } = 3;
    public int StartPeriodSeconds { get; init; }
}
