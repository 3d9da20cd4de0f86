namespace EdgeAgent.Core.SelfUpdate;

/// <summary>A release that failed to stage: not staged again before <paramref name="at"/>.</summary>
public sealed class AgentUpdateRetry(string version, DateTimeOffset at, int failures)
{
    public string Version { get; } = version;
    public DateTimeOffset At { get; } = at;
    public int Failures { get; } = failures;
}
