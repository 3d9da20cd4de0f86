namespace EdgeAgent.Core.Rollouts;

/// <summary>What a device's retained status says about the rollout's stream: read by the operator's tool, judged here.</summary>
public sealed record WaveDeviceReport(long? AppliedVersion, long? RejectedVersion, bool Converged, int FailingApps)
{
    public WaveDeviceState Against(long target) =>
        RejectedVersion >= target && !(AppliedVersion >= target) ? WaveDeviceState.Failed
        : !(AppliedVersion >= target) ? WaveDeviceState.Pending
        : FailingApps > 0 ? WaveDeviceState.Failed
        : Converged ? WaveDeviceState.Healthy
        : WaveDeviceState.Applied;
}
