namespace EdgeAgent.Docker.Engine;

/// <summary>A container's endpoint on a network: the names it answers to there.</summary>
internal sealed class EndpointRequest(IReadOnlyList<string> aliases)
{
    public IReadOnlyList<string> Aliases { get; } = aliases;
}
