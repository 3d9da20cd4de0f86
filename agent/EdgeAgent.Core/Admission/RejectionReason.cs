using System.Text.Json.Serialization;
using EdgeAgent.Core.Wire;

namespace EdgeAgent.Core.Admission;

/// <summary>
/// Why a manifest, root or change was refused: logged, reported in status and on the events topic,
/// and printed by the CLIs, always as the kebab-case code below (<see cref="RejectionReasons.Code"/>).
/// </summary>
[JsonConverter(typeof(OpenEnumConverter<RejectionReason>))]
public enum RejectionReason
{
    /// <summary>Not valid against the manifest schema (located errors say where).</summary>
    [JsonStringEnumMemberName("invalid-manifest")]
    InvalidManifest,

    /// <summary>Valid, but the device's admission policy forbids it.</summary>
    [JsonStringEnumMemberName("policy-denied")]
    PolicyDenied,

    /// <summary>A bare manifest where a signed envelope is required.</summary>
    [JsonStringEnumMemberName("unsigned-refused")]
    UnsignedRefused,

    /// <summary>Each manifest is valid, but the device's merged desired state is not (a host port twice, a dangling reference).</summary>
    [JsonStringEnumMemberName("merge-invalid")]
    MergeInvalid,

    [JsonStringEnumMemberName("oversize")]
    Oversize,

    [JsonStringEnumMemberName("malformed-envelope")]
    MalformedEnvelope,

    [JsonStringEnumMemberName("wrong-payload-type")]
    WrongPayloadType,

    [JsonStringEnumMemberName("signature-threshold-not-met")]
    ThresholdNotMet,

    [JsonStringEnumMemberName("malformed-root")]
    MalformedRoot,

    [JsonStringEnumMemberName("root-version")]
    RootVersion,

    [JsonStringEnumMemberName("root-expired")]
    RootExpired,

    [JsonStringEnumMemberName("root-rotation-limit")]
    RootRotationLimit,

    [JsonStringEnumMemberName("version-rollback")]
    RollbackVersion,

    /// <summary>The same version as accepted before, with different content.</summary>
    [JsonStringEnumMemberName("version-reused")]
    VersionReplayDifferent,

    [JsonStringEnumMemberName("expired")]
    Expired,

    [JsonStringEnumMemberName("issued-before-clock-floor")]
    ClockFloor,

    /// <summary>Issued ahead of the device's clock: held and offered again each pass.</summary>
    [JsonStringEnumMemberName("issued-in-future")]
    IssuedInFuture,

    /// <summary>Targets neither this device nor one of its groups, or arrived on another stream's topic.</summary>
    [JsonStringEnumMemberName("wrong-target")]
    WrongTarget,

    [JsonStringEnumMemberName("no-trust-root")]
    NoTrustRoot,

    /// <summary>Not a manifest refusal: a network change that cut the device off was rolled back (events only).</summary>
    [JsonStringEnumMemberName("unreachable-after-change")]
    UnreachableAfterChange,

    /// <summary>Not a manifest refusal: an app's new version failed its probation and was rolled back (events only).</summary>
    [JsonStringEnumMemberName("probation-failed")]
    ProbationFailed,

    /// <summary>An operator request (logs, support bundle) that is not well formed, or asks for too long a lifetime.</summary>
    [JsonStringEnumMemberName("invalid-request")]
    InvalidRequest,

    /// <summary>An operator request whose id this device has already answered (a replay).</summary>
    [JsonStringEnumMemberName("request-replayed")]
    RequestReplayed,

    /// <summary>An operator request to a device whose trust root defines no requests role.</summary>
    [JsonStringEnumMemberName("no-requests-role")]
    NoRequestsRole,

    /// <summary>An operator request that arrived while the device's queue of requests was full: ask again later.</summary>
    [JsonStringEnumMemberName("request-busy")]
    RequestBusy,
}
