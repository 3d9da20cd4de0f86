namespace EdgeAgent.Core.Manifests;

/// <summary>The merged desired state (null when no manifest applies) and the conflicts left out of it.</summary>
public sealed record MergeResult(Manifest? Merged, IReadOnlyList<string> Conflicts);
