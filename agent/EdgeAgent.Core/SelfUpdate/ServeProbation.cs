namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Says that this agent is on probation and what it must do to pass.</summary>
public sealed record ServeProbation(string Version, int Seconds, string From) : AgentUpdateStep
{
    public override string Describe() => $"serve probation {Version} ({Seconds} s, from {From})";
}
