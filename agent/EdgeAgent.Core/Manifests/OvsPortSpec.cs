namespace EdgeAgent.Core.Manifests;

public sealed record OvsPortSpec
{
    /// <summary>internal, patch, gre, vxlan or system.</summary>
    public required string Type { get; init; }
    public string? RemoteIp { get; init; }
    public string? Key { get; init; }
    public string? Peer { get; init; }
    public int? Tag { get; init; }

    /// <summary>No traffic is forwarded between two protected ports of a bridge.</summary>
    public bool Protected { get; init; }
    public IReadOnlyList<string> Addresses { get; set; } = [];
    public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();
}
