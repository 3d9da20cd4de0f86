namespace EdgeAgent.Docker.Engine;

/// <summary>The answer to an update: what Docker warns about.</summary>
internal sealed record ContainerUpdated(IReadOnlyList<string>? Warnings);
