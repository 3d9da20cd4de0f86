namespace EdgeAgent.Core.Planning;

/// <summary>What OVSDB holds: every bridge (owned or not) with its ports and interfaces.</summary>
public sealed record ObservedOvs
{
    /// <summary>The uuid of the single Open_vSwitch root row.</summary>
    public required string RootUuid { get; init; }
    public IReadOnlyList<ObservedBridge> Bridges { get; init; } = [];
}
