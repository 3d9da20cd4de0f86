namespace EdgeAgent.Core.Rollouts;

/// <summary>Where one device of a wave is with the rollout's manifest.</summary>
public enum WaveDeviceState
{
    /// <summary>Not applied yet (offline, pulling, or not reported).</summary>
    Pending,

    /// <summary>Applied, not yet converged.</summary>
    Applied,

    /// <summary>Applied, converged, no failing app.</summary>
    Healthy,

    /// <summary>Refused the manifest, or an app fails after applying it.</summary>
    Failed,
}
