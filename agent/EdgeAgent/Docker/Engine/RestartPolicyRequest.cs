namespace EdgeAgent.Docker.Engine;

/// <summary>"no", "always", "unless-stopped" or "on-failure" (with a retry limit).</summary>
internal sealed class RestartPolicyRequest(string name, long maximumRetryCount)
{
    public string Name { get; } = name;
    public long MaximumRetryCount { get; } = maximumRetryCount;
}
