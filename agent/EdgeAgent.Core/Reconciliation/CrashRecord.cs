namespace EdgeAgent.Core.Reconciliation;

/// <summary>One app's exits in a row, as kept across restarts of the agent and reboots (stateDir/crash-loops.json).</summary>
internal sealed record CrashRecord(int Crashes, DateTimeOffset? LastFinishedAt, long RestartCount, long? LastExitCode, string ContainerId);
