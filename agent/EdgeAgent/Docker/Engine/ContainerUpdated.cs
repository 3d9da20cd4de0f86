namespace EdgeAgent.Docker.Engine;

/// <summary>The answer to an update: what Docker warns about.</summary>
internal sealed class ContainerUpdated(IReadOnlyList<string>? warnings)
{
    public IReadOnlyList<string>? Warnings { get; } = warnings;
}
