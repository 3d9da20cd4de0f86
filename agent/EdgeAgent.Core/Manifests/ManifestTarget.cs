namespace EdgeAgent.Core.Manifests;

/// <summary>Which devices a manifest is meant for: named devices and/or device groups.</summary>
public sealed record ManifestTarget
{
    public IReadOnlyList<string> Devices { get; set; } = [];
    public IReadOnlyList<string> Groups { get; set; } = [];
}
