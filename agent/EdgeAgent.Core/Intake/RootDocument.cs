using System.Security.Cryptography;
using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// The trust root (a reduced TUF root): the keys, and for the roles "root" and "manifests" which
/// keys may sign and how many must. A root is replaced only by the next version, signed by a
/// threshold of the old root keys and of its own.
/// </summary>
public sealed record RootDocument
{
    public const string RootRole = "root";
    public const string ManifestsRole = "manifests";

    /// <summary>Optional: keys that sign operator requests to a device (its logs, a support bundle).</summary>
    public const string RequestsRole = "requests";

    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public required long Version { get; init; }
    [System.Text.Json.Serialization.JsonConverter(typeof(Manifests.Rfc3339Converter))]
    public required DateTimeOffset ExpiresAt { get; init; }
    public required IReadOnlyDictionary<string, RootKey> Keys { get; init; }
    public required IReadOnlyDictionary<string, RoleDefinition> Roles { get; init; }

    /// <summary>
    /// Members this version does not define, kept so that <see cref="RootValidator.Validate"/> refuses them by
    /// path: an unknown field could restrict what the root trusts (README "Security model"). Null when there are none
    /// (settable: System.Text.Json binds extension data neither to an init-only member nor to a read-only one).
    /// </summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Unknown { get; set; }

    /// <summary>A root whose keys are exactly those of its roles (edgectl, tests and benchmarks build roots this way); the requests role only when keys are given for it.</summary>
    public static RootDocument Create(
        long version,
        IReadOnlyList<ECDsa> rootKeys,
        int rootThreshold,
        IReadOnlyList<ECDsa> manifestKeys,
        int manifestThreshold,
        DateTimeOffset expiresAt,
        IReadOnlyList<ECDsa>? requestKeys = null,
        int requestThreshold = 1)
    {
        ArgumentNullException.ThrowIfNull(rootKeys);
        ArgumentNullException.ThrowIfNull(manifestKeys);
        var roles = new Dictionary<string, RoleDefinition>
        {
            [RootRole] = new() { Keyids = [.. rootKeys.Select(KeyIds.Of).Distinct(StringComparer.Ordinal)], Threshold = rootThreshold },
            [ManifestsRole] = new() { Keyids = [.. manifestKeys.Select(KeyIds.Of).Distinct(StringComparer.Ordinal)], Threshold = manifestThreshold },
        };
        if (requestKeys is { Count: > 0 })
        {
            roles[RequestsRole] = new() { Keyids = [.. requestKeys.Select(KeyIds.Of).Distinct(StringComparer.Ordinal)], Threshold = requestThreshold };
        }

        return new RootDocument
        {
            ApiVersion = "edge/v1",
            Kind = "Root",
            Version = version,
            ExpiresAt = expiresAt,
            Keys = rootKeys.Concat(manifestKeys).Concat(requestKeys ?? []).DistinctBy(KeyIds.Of).ToDictionary(KeyIds.Of, RootKey.For, StringComparer.Ordinal),
            Roles = roles,
        };
    }

    public RoleDefinition Role(string name) =>
        Roles.TryGetValue(name, out var role) ? role : throw new TrustException(RejectionReason.MalformedRoot, $"root v{Version} defines no \"{name}\" role");
}
