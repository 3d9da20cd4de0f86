namespace EdgeAgent.Docker.Engine;

/// <summary>A network as GET /networks lists it.</summary>
internal sealed class NetworkSummary
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
