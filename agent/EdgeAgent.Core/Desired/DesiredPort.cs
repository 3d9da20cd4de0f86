using System.Globalization;

namespace EdgeAgent.Core.Desired;

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

    /// <summary>"gre remote_ip=192.168.7.1", "internal mtu 1462 tag 10", "system".</summary>
    public string Describe()
    {
        var parts = new List<string> { Type.Length == 0 ? "system" : Type };
        parts.AddRange(Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));
        if (MtuRequest is { } mtu)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"mtu {mtu}"));
        }

        if (Tag is { } tag)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"tag {tag}"));
        }

        if (Protected)
        {
            parts.Add("protected");
        }

        return string.Join(' ', parts);
    }
}
