namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Stages the release in the background; its end comes back as <see cref="StagingSucceeded"/> or <see cref="StagingFailed"/>.</summary>
public sealed class StageRelease(AgentUpdateDecision release) : AgentUpdateStep
{
    public AgentUpdateDecision Release { get; } = release;

    public override string Describe() => $"stage {Release.Version}";
}
