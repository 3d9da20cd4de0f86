namespace EdgeAgent.Core.Rollouts;

/// <summary>One publication the driver makes, in order, after it has written the record that calls for it.</summary>
public sealed record RolloutAction(RolloutActionKind Kind, IReadOnlyList<string> Devices);
