namespace EdgeAgent.Core.Abstractions;

public enum FailureKind
{
    /// <summary>May succeed later (daemon restarting, registry unreachable, timeout): retried with backoff.</summary>
    Retryable,

    /// <summary>Will fail the same way until the manifest or the device changes (bad spec, policy, name taken).</summary>
    Terminal,
}
