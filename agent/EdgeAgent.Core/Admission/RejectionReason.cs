namespace EdgeAgent.Core.Admission;

/// <summary>Stable reason codes for refused manifests (logged and, later, reported on the events topic).</summary>
public static class RejectionReason
{
    public const string InvalidManifest = "invalid-manifest";
    public const string PolicyDenied = "policy-denied";
    public const string UnsignedRefused = "unsigned-refused";

    /// <summary>Each manifest is valid, but the device's merged desired state is not (a host port twice, a dangling reference).</summary>
    public const string MergeInvalid = "merge-invalid";

    // Signature, root and freshness failures use the codes of Trust.TrustReason.
}
