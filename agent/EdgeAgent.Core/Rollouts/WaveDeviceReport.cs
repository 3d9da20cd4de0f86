using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.Rollouts;

/// <summary>What a device's retained status says about the rollout's stream: read by the operator's tool, judged here.</summary>
public sealed record WaveDeviceReport(long? AppliedVersion, long? RejectedVersion, bool Converged, int FailingApps)
{
    /// <summary>
    /// From a device's retained status: the version applied from its rollout topic or the group topic
    /// (whichever is newer, as the device itself chooses), and a refusal pending on its rollout topic.
    /// </summary>
    public static WaveDeviceReport Of(DeviceStatus status, string group)
    {
        ArgumentNullException.ThrowIfNull(status);
        var rollout = status.Streams.GetValueOrDefault(Topics.DeviceRollout(status.DeviceId, group));
        var groupStream = status.Streams.GetValueOrDefault(Topics.GroupDesired(group));
        long? applied = rollout?.AppliedVersion is { } a && (groupStream?.AppliedVersion is not { } g || a > g) ? a : groupStream?.AppliedVersion;
        var rejected = rollout is { RejectionPending: true } ? rollout.Rejected!.Version : null;
        return new WaveDeviceReport(applied, rejected, status.Converged, status.FailingApps().Count);
    }

    public WaveDeviceState Against(long target) =>
        RejectedVersion >= target && !(AppliedVersion >= target) ? WaveDeviceState.Failed
        : !(AppliedVersion >= target) ? WaveDeviceState.Pending
        : FailingApps > 0 ? WaveDeviceState.Failed
        : Converged ? WaveDeviceState.Healthy
        : WaveDeviceState.Applied;
}
