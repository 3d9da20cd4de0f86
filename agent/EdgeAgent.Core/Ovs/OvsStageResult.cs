namespace EdgeAgent.Core.Ovs;

/// <summary>What the Open vSwitch stage of a pass did.</summary>
public sealed record OvsStageResult(OvsPlan Plan, string? Error = null, string? RolledBack = null)
{
    public static OvsStageResult Nothing { get; } = new(OvsPlan.Empty);
}
