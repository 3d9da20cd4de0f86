namespace EdgeAgent.Core.Intake;

public sealed record RoleDefinition
{
    public required IReadOnlyList<string> Keyids { get; init; }
    public required int Threshold { get; init; }

    /// <summary>
    /// Members this version does not define, kept so that RootValidator refuses them by
    /// path: an unknown field could restrict what the root trusts (README "Security model"). Null when there are none
    /// (settable: System.Text.Json binds extension data neither to an init-only member nor to a read-only one).
    /// </summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Unknown { get; set; }
}
