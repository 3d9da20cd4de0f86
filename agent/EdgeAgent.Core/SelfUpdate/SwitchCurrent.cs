namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Points stateDir/agent/current at the staged binary, the one systemd starts next.</summary>
public sealed record SwitchCurrent(AgentUpdateDecision Release, string Binary) : AgentUpdateStep
{
    public override string Describe() => $"switch current to {Binary}";
}
