namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Writes release.json.</summary>
public sealed record SaveReleaseState(AgentReleaseState State) : AgentUpdateStep
{
    public override string Describe() => "save";
}
