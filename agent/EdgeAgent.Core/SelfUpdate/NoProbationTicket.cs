namespace EdgeAgent.Core.SelfUpdate;

/// <summary>At start: there is no probation ticket.</summary>
public sealed class NoProbationTicket : AgentUpdateEvent;
