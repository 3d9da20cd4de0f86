namespace EdgeAgent.Core.Manifests;

public sealed record ManifestSpec
{
    public IReadOnlyDictionary<string, AppSpec> Apps { get; set; } = new Dictionary<string, AppSpec>();
    public IReadOnlyDictionary<string, NetworkSpec> Networks { get; set; } = new Dictionary<string, NetworkSpec>();

    /// <summary>Open vSwitch bridges and mesh. Parsed and validated now; reconciled by the OVS adapter.</summary>
    public OvsSpec? Ovs { get; init; }

    /// <summary>The agent release this device should run (validated; carried out by the self-update, issue J).</summary>
    public AgentReleaseSpec? Agent { get; init; }

    /// <summary>Whether the manifest's apps roll back one by one or all together.</summary>
    public ManifestUpdateSpec Update { get; set; } = new();
}
