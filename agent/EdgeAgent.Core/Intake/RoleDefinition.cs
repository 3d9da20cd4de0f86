namespace EdgeAgent.Core.Intake;

public sealed record RoleDefinition
{
    public required IReadOnlyList<string> Keyids { get; init; }
    public required int Threshold { get; init; }
}
