namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Writes the probation ticket (state staged) for the staged binary: before the link, so that a stop in between leaves a stale ticket the guard discards.</summary>
public sealed class WriteProbationTicket(AgentUpdateDecision release, string binary) : AgentUpdateStep
{
    public AgentUpdateDecision Release { get; } = release;
    public string Binary { get; } = binary;

    public override string Describe() => $"write ticket {Release.Version}";
}
