namespace EdgeAgent.Core.Planning;

/// <summary>
/// What the planner must respect beyond desired and observed state: crash-loop holds, apps pinned to
/// their previous version after a failed update (app -> the spec hash that failed), and apps whose
/// new version passed its probation (their previous container may go).
/// </summary>
public sealed record UpdateGates
{
    public static UpdateGates None { get; } = new();

    public IReadOnlyDictionary<string, RestartHold> Holds { get; init; } = new Dictionary<string, RestartHold>();

    public IReadOnlyDictionary<string, string> RolledBack { get; init; } = new Dictionary<string, string>();

    public IReadOnlySet<string> ProbationPassed { get; init; } = new HashSet<string>();

    /// <summary>Images the agent pulled: removed once no desired app and no container uses them.</summary>
    public IReadOnlySet<string> OwnedImages { get; init; } = new HashSet<string>();
}
