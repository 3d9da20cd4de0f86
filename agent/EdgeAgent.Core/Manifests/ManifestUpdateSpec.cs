namespace EdgeAgent.Core.Manifests;

/// <summary>How the apps of one manifest are updated together (`spec.update`).</summary>
public sealed record ManifestUpdateSpec
{
    /// <summary>Each app is rolled back on its own when it fails its probation.</summary>
    public const string PerApp = "per-app";

    /// <summary>When one app fails its probation, every app this manifest replaced is rolled back.</summary>
    public const string Atomic = "atomic";

    public string Mode { get; set; } = PerApp;
}
