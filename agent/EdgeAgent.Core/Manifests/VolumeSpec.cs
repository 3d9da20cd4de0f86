namespace EdgeAgent.Core.Manifests;

/// <summary>A named Docker volume. The agent never deletes volumes: they hold the app's data.</summary>
public sealed record VolumeSpec
{
    public required string Name { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
}
