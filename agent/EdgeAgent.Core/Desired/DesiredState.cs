namespace EdgeAgent.Core.Desired;

/// <summary>The normalised state a device should be in, built from admitted manifests.</summary>
public sealed record DesiredState
{
    public IReadOnlyDictionary<string, DesiredApp> Apps { get; init; } = new Dictionary<string, DesiredApp>();
    public IReadOnlyDictionary<string, DesiredNetwork> Networks { get; init; } = new Dictionary<string, DesiredNetwork>();

    /// <summary>Open vSwitch bridges and ports; empty: every bridge the agent created is removed.</summary>
    public DesiredOvs Ovs { get; init; } = DesiredOvs.Empty;

    /// <summary>Nothing managed: every managed container and network is removed.</summary>
    public static DesiredState Empty { get; } = new();
}
