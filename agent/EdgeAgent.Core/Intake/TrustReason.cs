namespace EdgeAgent.Core.Intake;

/// <summary>Stable reason codes for refused envelopes, roots and manifests (logged and reported).</summary>
public static class TrustReason
{
    public const string Oversize = "oversize";
    public const string MalformedEnvelope = "malformed-envelope";
    public const string WrongPayloadType = "wrong-payload-type";
    public const string ThresholdNotMet = "signature-threshold-not-met";
    public const string MalformedRoot = "malformed-root";
    public const string RootVersion = "root-version";
    public const string RootExpired = "root-expired";
    public const string RootRotationLimit = "root-rotation-limit";
    public const string RollbackVersion = "version-rollback";
    public const string VersionReplayDifferent = "version-reused";
    public const string Expired = "expired";
    public const string ClockFloor = "issued-before-clock-floor";
    public const string IssuedInFuture = "issued-in-future";
    public const string WrongTarget = "wrong-target";
    public const string NoTrustRoot = "no-trust-root";
}
