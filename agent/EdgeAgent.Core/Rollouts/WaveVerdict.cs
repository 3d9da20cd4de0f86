namespace EdgeAgent.Core.Rollouts;

/// <summary>What the rollout does next with a wave.</summary>
public enum WaveVerdict
{
    /// <summary>Devices are still applying, or have not been healthy for the whole health period.</summary>
    Wait,

    /// <summary>Every device not counted as failed has been healthy for the health period, failures within the threshold: start the next wave.</summary>
    Advance,

    /// <summary>More devices failed than the threshold allows: halt and move this wave back.</summary>
    Halt,
}
