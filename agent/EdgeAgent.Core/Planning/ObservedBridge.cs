namespace EdgeAgent.Core.Planning;

public sealed record ObservedBridge
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public string DatapathType { get; init; } = "";
    public bool Stp { get; init; }
    public IReadOnlyDictionary<string, string> OtherConfig { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<ObservedPort> Ports { get; init; } = [];
}
