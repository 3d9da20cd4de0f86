namespace EdgeAgent.Core.SelfUpdate;

/// <summary>At start: the probation ticket; <paramref name="Started"/> when the guard marked it started.</summary>
public sealed record ProbationTicketFound(string Version, string From, int Seconds, bool Started) : AgentUpdateEvent;
