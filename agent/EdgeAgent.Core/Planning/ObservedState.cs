namespace EdgeAgent.Core.Planning;

/// <summary>What the runtime reports: managed containers, all networks, which images are present.</summary>
public sealed record ObservedState
{
    public IReadOnlyList<ObservedContainer> Containers { get; init; } = [];
    public IReadOnlyList<ObservedNetwork> Networks { get; init; } = [];

    /// <summary>Image references (tags, digests and ids) available locally.</summary>
    public IReadOnlySet<string> Images { get; init; } = new HashSet<string>();
    public RuntimeCapabilities Capabilities { get; init; } = RuntimeCapabilities.All;

    public static ObservedState Empty { get; } = new();
}
