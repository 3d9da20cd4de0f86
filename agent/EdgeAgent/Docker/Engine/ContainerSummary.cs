namespace EdgeAgent.Docker.Engine;

/// <summary>A container as GET /containers/json lists it: state fresh, details need an inspect.</summary>
internal sealed class ContainerSummary
{
    public required string Id { get; init; }
    public IReadOnlyList<string> Names { get; init; } = [];
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? State { get; init; }
    public string? Status { get; init; }
}
