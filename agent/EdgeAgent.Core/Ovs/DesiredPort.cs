namespace EdgeAgent.Core.Ovs;

/// <summary>
/// A port with its single interface, normalised for comparison with OVSDB: <see cref="Type"/> is the
/// Interface type ("" for a system interface), <see cref="Options"/> holds remote_ip, key, peer and
/// any extra options.
/// </summary>
public sealed record DesiredPort
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public int? Tag { get; init; }

    /// <summary>OVS "protected" port: no forwarding between two protected ports (split horizon for a tunnel mesh).</summary>
    public bool Protected { get; init; }
    public int? MtuRequest { get; init; }
    public IReadOnlyList<string> Addresses { get; init; } = [];
}
