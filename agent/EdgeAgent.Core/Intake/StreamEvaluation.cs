using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// What one manifest offered on one stream would do. Accepted: the merged desired state it leads to
/// and the trust state to persist before committing. Rejected: the reason; nothing changes.
/// </summary>
public sealed record StreamEvaluation
{
    public required string Stream { get; init; }

    /// <summary>The manifest's version when it could be read (also for most rejections).</summary>
    public long? Version { get; init; }

    public RejectionReason? Reason { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The merged, policy-admitted desired state of all streams with this one applied.</summary>
    public AdmissionResult? Merged { get; init; }
    public IReadOnlyList<string> Conflicts { get; init; } = [];
    public TrustState? NextTrust { get; init; }
    internal Manifest? Manifest { get; init; }

    /// <summary>The same version with the same bytes as already accepted (a redelivered retained message).</summary>
    public bool AlreadyAccepted { get; init; }

    /// <summary>A rollout topic released: the device follows its group's topic again (no manifest of its own).</summary>
    public bool Released { get; init; }

    public bool Accepted => Merged is { Accepted: true };

    public static StreamEvaluation Reject(string stream, long? version, RejectionReason reason, IEnumerable<string> errors) =>
        new() { Stream = stream, Version = version, Reason = reason, Errors = [.. errors] };

    public override string ToString() => Accepted
        ? $"{Stream} v{Version} accepted"
        : $"{Stream}{(Version is { } v ? $" v{v}" : "")} rejected ({Reason?.Code()}): {string.Join("; ", Errors)}";
}
