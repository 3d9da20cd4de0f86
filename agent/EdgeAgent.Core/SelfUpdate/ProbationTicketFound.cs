namespace EdgeAgent.Core.SelfUpdate;

/// <summary>At start: the probation ticket; <paramref name="started"/> when the guard marked it started.</summary>
public sealed class ProbationTicketFound(string version, string from, int seconds, bool started) : AgentUpdateEvent
{
    public string Version { get; } = version;
    public string From { get; } = from;
    public int Seconds { get; } = seconds;
    public bool Started { get; } = started;
}
