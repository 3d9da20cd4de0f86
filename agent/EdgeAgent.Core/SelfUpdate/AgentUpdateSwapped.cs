namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The release is swapped in and the agent stops, so that systemd starts it: nothing else happens.</summary>
public sealed record AgentUpdateSwapped(string Version) : AgentUpdatePhase;
