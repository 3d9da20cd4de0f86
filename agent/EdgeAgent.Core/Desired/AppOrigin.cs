namespace EdgeAgent.Core.Desired;

/// <summary>The manifest an app of a merged desired state comes from: its stream, version and update mode.</summary>
public sealed record AppOrigin(string Stream, long Version, bool Atomic);
