namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Stages the release in the background; its end comes back as <see cref="StagingSucceeded"/> or <see cref="StagingFailed"/>.</summary>
public sealed record StageRelease(AgentUpdateDecision Release) : AgentUpdateStep
{
    public override string Describe() => $"stage {Release.Version}";
}
