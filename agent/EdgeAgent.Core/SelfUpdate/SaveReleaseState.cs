namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Writes release.json.</summary>
public sealed class SaveReleaseState(AgentReleaseState state) : AgentUpdateStep
{
    public AgentReleaseState State { get; } = state;

    public override string Describe() => "save";
}
