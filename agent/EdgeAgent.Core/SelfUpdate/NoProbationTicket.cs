namespace EdgeAgent.Core.SelfUpdate;

/// <summary>At start: there is no probation ticket.</summary>
public sealed record NoProbationTicket : AgentUpdateEvent;
