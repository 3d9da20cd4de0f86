namespace EdgeAgent.Core.Desired;

public sealed record HealthcheckDefinition(IReadOnlyList<string> Test, int IntervalSeconds, int TimeoutSeconds, int Retries, int StartPeriodSeconds);
