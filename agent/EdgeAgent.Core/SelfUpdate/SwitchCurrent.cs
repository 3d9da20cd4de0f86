namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Points stateDir/agent/current at the staged binary, the one systemd starts next.</summary>
public sealed class SwitchCurrent(AgentUpdateDecision release, string binary) : AgentUpdateStep
{
    public AgentUpdateDecision Release { get; } = release;
    public string Binary { get; } = binary;

    public override string Describe() => $"switch current to {Binary}";
}
