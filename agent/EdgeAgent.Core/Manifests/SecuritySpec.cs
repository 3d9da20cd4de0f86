namespace EdgeAgent.Core.Manifests;

/// <summary>
/// Security settings. The risky ones (privileged, host namespaces, devices) are expressible so
/// that the device's admission policy can see and refuse them with a reason.
/// </summary>
public sealed record SecuritySpec
{
    public bool ReadOnlyRootFs { get; init; }
    public string? User { get; init; }
    public IReadOnlyList<Capability> CapAdd { get; set; } = [];
    public IReadOnlyList<Capability> CapDrop { get; set; } = [];
    public bool Privileged { get; init; }
    public string? NetworkMode { get; init; }
    public string? PidMode { get; init; }
    public string? IpcMode { get; init; }
    public string? UtsMode { get; init; }
    public IReadOnlyList<string> Devices { get; set; } = [];
}
