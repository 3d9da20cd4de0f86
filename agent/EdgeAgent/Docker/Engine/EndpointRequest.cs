namespace EdgeAgent.Docker.Engine;

/// <summary>A container's endpoint on a network: the names it answers to there.</summary>
internal sealed record EndpointRequest(IReadOnlyList<string> Aliases);
