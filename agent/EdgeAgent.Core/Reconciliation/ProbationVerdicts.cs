namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// The judgement on every app whose new version is on probation: failed (app -> why), passed (its
/// previous version may go), or still running its probation (app -> when it ends; null: not started yet).
/// </summary>
public sealed record ProbationVerdicts
{
    public static ProbationVerdicts None { get; } = new();

    public IReadOnlyDictionary<string, string> Failed { get; init; } = new Dictionary<string, string>();

    public IReadOnlySet<string> Passed { get; init; } = new HashSet<string>();

    public IReadOnlyDictionary<string, DateTimeOffset?> InProgress { get; init; } = new Dictionary<string, DateTimeOffset?>();
}
