namespace EdgeAgent.Core.Manifests;

/// <summary>Which devices a manifest is meant for: named devices and/or device groups.</summary>
public sealed record ManifestTarget
{
    public IReadOnlyList<DeviceName> Devices { get; set; } = [];
    public IReadOnlyList<DeviceName> Groups { get; set; } = [];
}
