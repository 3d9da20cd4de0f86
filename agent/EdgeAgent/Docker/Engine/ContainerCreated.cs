namespace EdgeAgent.Docker.Engine;

/// <summary>The answer to a create: the new container's id and what Docker warns about (limits it discarded).</summary>
internal sealed record ContainerCreated(string Id, IReadOnlyList<string>? Warnings);
