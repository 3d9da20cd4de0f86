namespace EdgeAgent.Docker.Engine;

/// <summary>The answer to a create: the new container's id and what Docker warns about (limits it discarded).</summary>
internal sealed class ContainerCreated(string id, IReadOnlyList<string>? warnings)
{
    public string Id { get; } = id;
    public IReadOnlyList<string>? Warnings { get; } = warnings;
}
