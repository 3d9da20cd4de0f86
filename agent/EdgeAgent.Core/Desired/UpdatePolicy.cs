namespace EdgeAgent.Core.Desired;

/// <summary>
/// How an app is replaced and judged afterwards. <see cref="AtomicUnit"/> names the manifest whose apps
/// roll back together (null: this app rolls back alone); <see cref="ManifestVersion"/> is the version of
/// the manifest that defines the app: a version that was rolled back is not tried again, a newer one is.
/// </summary>
public sealed record UpdatePolicy(bool StartFirst, TimeSpan Probation, string? AtomicUnit, long ManifestVersion)
{
    /// <summary>Stop-first, no probation: the previous version is let go at once.</summary>
    public static UpdatePolicy Immediate { get; } = new(false, TimeSpan.Zero, null, 0);

    public bool HasProbation => Probation > TimeSpan.Zero;
}
