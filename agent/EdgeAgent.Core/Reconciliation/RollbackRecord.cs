namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// An app version that failed its probation and was rolled back: the spec hash and manifest version
/// not to try again, why, and when (stateDir/rollbacks.json).
/// </summary>
public sealed record RollbackRecord(string SpecHash, long ManifestVersion, string Reason, DateTimeOffset At);
