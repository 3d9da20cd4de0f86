using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>The agent's own part of an observed switch, expressed as desired state.</summary>
public static class OwnedOvs
{
    /// <summary>
    /// The agent's own bridges and ports as they are now (with the addresses of internal ports):
    /// what a rolled-back network change returns to.
    /// </summary>
    public static DesiredOvs Of(ObservedOvs observed, IReadOnlyDictionary<string, IReadOnlyList<string>> addresses)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(addresses);
        return new DesiredOvs
        {
            Bridges = observed.Bridges.Where(b => OvsOwnership.IsOwned(b.ExternalIds)).ToDictionary(
                b => b.Name,
                b => new DesiredBridge
                {
                    Name = b.Name,
                    DatapathType = b.DatapathType,
                    Stp = b.Stp,
                    OtherConfig = b.OtherConfig,
                    Ports = b.Ports.Where(p => OvsOwnership.IsOwned(p.ExternalIds) && p.Interfaces.Count == 1).ToDictionary(
                        p => p.Name,
                        p => new DesiredPort
                        {
                            Name = p.Name,
                            Type = p.Interfaces[0].Type,
                            Options = p.Interfaces[0].Options,
                            Tag = p.Tag,
                            Protected = p.Protected,
                            MtuRequest = p.Interfaces[0].MtuRequest,
                            Addresses = addresses.GetValueOrDefault(p.Name) ?? [],
                        },
                        StringComparer.Ordinal),
                },
                StringComparer.Ordinal),
        };
    }
}
