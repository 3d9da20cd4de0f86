namespace EdgeAgent.Core.SelfUpdate;

/// <summary>What the daemon observed and feeds to <see cref="AgentUpdateMachine.Next"/>: at start, after each pass, when staging ends.</summary>
public abstract class AgentUpdateEvent;
