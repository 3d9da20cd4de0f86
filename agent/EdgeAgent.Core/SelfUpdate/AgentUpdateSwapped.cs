namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The release is swapped in and the agent stops, so that systemd starts it: nothing else happens.</summary>
public sealed class AgentUpdateSwapped(string version) : AgentUpdatePhase
{
    public string Version { get; } = version;
}
