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

    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public required long Version { get; init; }
    [System.Text.Json.Serialization.JsonConverter(typeof(Manifests.Rfc3339Converter))]
    public required DateTimeOffset ExpiresAt { get; init; }
    public required IReadOnlyDictionary<string, RootKey> Keys { get; init; }
    public required IReadOnlyDictionary<string, RoleDefinition> Roles { get; init; }

    /// <summary>A root whose keys are exactly those of its two roles (edgectl, tests and benchmarks build roots this way).</summary>
    public static RootDocument Create(long version, IReadOnlyList<ECDsa> rootKeys, int rootThreshold, IReadOnlyList<ECDsa> manifestKeys, int manifestThreshold, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(rootKeys);
        ArgumentNullException.ThrowIfNull(manifestKeys);
        return new RootDocument
        {
            ApiVersion = "edge/v1",
            Kind = "Root",
            Version = version,
            ExpiresAt = expiresAt,
            Keys = rootKeys.Concat(manifestKeys).DistinctBy(KeyIds.Of).ToDictionary(KeyIds.Of, RootKey.For, StringComparer.Ordinal),
            Roles = new Dictionary<string, RoleDefinition>
            {
                [RootRole] = new() { Keyids = [.. rootKeys.Select(KeyIds.Of).Distinct(StringComparer.Ordinal)], Threshold = rootThreshold },
                [ManifestsRole] = new() { Keyids = [.. manifestKeys.Select(KeyIds.Of).Distinct(StringComparer.Ordinal)], Threshold = manifestThreshold },
            },
        };
    }

    public RoleDefinition Role(string name) =>
        Roles.TryGetValue(name, out var role) ? role : throw new TrustException(RejectionReason.MalformedRoot, $"root v{Version} defines no \"{name}\" role");
}
