namespace EdgeAgent.Configuration;

/// <summary>Commit-confirm for network changes (agent.json "network").</summary>
internal sealed class NetworkOptions
{
    /// <summary>"host:port" targets that must stay reachable after a change; default: the broker.</summary>
    public List<string?>? Probes { get; set; }

    /// <summary>How long the targets may stay unreachable after a change before it is rolled back.</summary>
    public int? ConfirmSeconds { get; set; }
}
