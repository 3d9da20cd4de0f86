namespace EdgeAgent.Core.Planning;

public sealed record ObservedPort
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public int? Tag { get; init; }
    public bool Protected { get; init; }
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<ObservedInterface> Interfaces { get; init; } = [];
}
