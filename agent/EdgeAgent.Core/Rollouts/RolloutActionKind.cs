namespace EdgeAgent.Core.Rollouts;

/// <summary>What the driver publishes for a set of devices.</summary>
public enum RolloutActionKind
{
    /// <summary>The rollout's manifest, retained, on each device's rollout topic for the group.</summary>
    Give,

    /// <summary>The release marker, retained, on each device's rollout topic: back to the group topic.</summary>
    Release,

    /// <summary>The rollout's manifest, retained, on the group topic (the devices are ignored).</summary>
    PublishToGroup,

    /// <summary>An empty retained message on each device's rollout topic: safe once the group topic holds this version or newer.</summary>
    Clear,
}
