using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Execution;

/// <summary>What the Open vSwitch stage of a pass did.</summary>
public sealed record OvsStageResult(OvsPlan Plan, string? Error = null, string? RolledBack = null)
{
    /// <summary>The switch as observed at the start of the stage (null when there is no switch).</summary>
    public ObservedOvs? Observed { get; init; }

    /// <summary>Wall time of the stage, commit-confirm included, and the OVSDB requests it made.</summary>
    public TimeSpan Elapsed { get; init; }
    public int RoundTrips { get; init; }

    /// <summary>Why the remembered rollback's document was set aside at this stage (null when it was not).</summary>
    public string? StateSetAside { get; init; }

    public static OvsStageResult Nothing { get; } = new(OvsPlan.Empty);
}
