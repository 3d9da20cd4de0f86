namespace EdgeAgent.Core.Planning;

public sealed record ObservedInterface
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public string Type { get; init; } = "";
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public int? MtuRequest { get; init; }
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
    public string? LinkState { get; init; }
}
