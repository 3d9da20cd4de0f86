namespace EdgeAgent.Core.Manifests;

public sealed record HealthcheckSpec
{
    public required IReadOnlyList<string> Test { get; init; }
    public int IntervalSeconds { get; set; } = 30;
    public int TimeoutSeconds { get; set; } = 10;
    public int Retries { get; set; } = 3;
    public int StartPeriodSeconds { get; init; }
}
