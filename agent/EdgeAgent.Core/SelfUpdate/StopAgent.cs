namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Stops the host, so that systemd starts the binary `current` points at.</summary>
public sealed class StopAgent : AgentUpdateStep
{
    public override string Describe() => "stop";
}
