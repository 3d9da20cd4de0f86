namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Says that this agent is on probation and what it must do to pass.</summary>
public sealed class ServeProbation(string version, int seconds, string from) : AgentUpdateStep
{
    public string Version { get; } = version;
    public int Seconds { get; } = seconds;
    public string From { get; } = from;

    public override string Describe() => $"serve probation {Version} ({Seconds} s, from {From})";
}
