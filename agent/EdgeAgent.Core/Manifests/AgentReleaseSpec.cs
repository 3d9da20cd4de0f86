namespace EdgeAgent.Core.Manifests;

/// <summary>
/// The agent release a manifest asks for (`spec.agent`): its version, per architecture the release
/// image pinned by digest (build/agent-release.sh) and the binary's SHA-256, how long the new agent
/// is on probation, and whether an older version may replace a newer one.
/// </summary>
public sealed record AgentReleaseSpec
{
    public const int MinProbationSeconds = 10;
    public const int MaxProbationSeconds = 3600;

    /// <summary>The architectures releases are built for (Debian's names).</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["amd64", "arm64"];

    public required string Version { get; init; }
    public IReadOnlyDictionary<string, string> Images { get; set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Sha256 { get; set; } = new Dictionary<string, string>();
    public int ProbationSeconds { get; set; } = 120;
    public bool AllowDowngrade { get; set; }
}
