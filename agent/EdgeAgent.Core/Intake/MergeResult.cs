using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// The merged desired state (null when no manifest applies), the conflicts left out of it, and where
/// each merged item came from: keys "app NAME", "network NAME", "OVS bridge NAME"; values null for
/// the device manifest, else the group's name.
/// </summary>
public sealed record MergeResult(Manifest? Merged, IReadOnlyList<string> Conflicts)
{
    public IReadOnlyDictionary<string, string?> Origins { get; init; } = new Dictionary<string, string?>();
}
