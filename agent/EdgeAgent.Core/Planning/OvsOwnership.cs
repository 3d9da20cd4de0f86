namespace EdgeAgent.Core.Planning;

/// <summary>The external_ids mark on rows the agent created (README "Open vSwitch").</summary>
public static class OvsOwnership
{
    public const string Key = "edgeagent-owner";
    public const string Value = "edge-agent";

    public static bool IsOwned(IReadOnlyDictionary<string, string> externalIds) =>
        externalIds is not null && externalIds.TryGetValue(Key, out var owner) && owner == Value;
}
