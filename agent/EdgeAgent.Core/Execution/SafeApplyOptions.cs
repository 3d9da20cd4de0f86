namespace EdgeAgent.Core.Execution;

/// <summary>Commit-confirm for network changes: how long the probe may fail before the change is rolled back.</summary>
public sealed record SafeApplyOptions(IReadOnlyCollection<string> ProtectedInterfaces, TimeSpan ConfirmWindow, TimeSpan ProbeInterval)
{
    public static SafeApplyOptions Default { get; } = new([], TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
}
