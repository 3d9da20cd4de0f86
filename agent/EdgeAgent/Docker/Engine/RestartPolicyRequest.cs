namespace EdgeAgent.Docker.Engine;

/// <summary>"no", "always", "unless-stopped" or "on-failure" (with a retry limit).</summary>
internal sealed record RestartPolicyRequest(string Name, long MaximumRetryCount);
