namespace EdgeAgent.Core.Reconciliation;

/// <summary>What the schedule remembers between passes.</summary>
/// <param name="ConsecutiveFailures">Unhealthy passes in a row (the retry backoff's exponent).</param>
/// <param name="VerifyPasses">Healthy passes in a row that changed something.</param>
public readonly record struct PassScheduleState(int ConsecutiveFailures, int VerifyPasses);
