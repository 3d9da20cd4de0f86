namespace EdgeAgent.Core.Trust;

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
    public required DateTimeOffset ExpiresAt { get; init; }
    public required IReadOnlyDictionary<string, RootKey> Keys { get; init; }
    public required IReadOnlyDictionary<string, RoleDefinition> Roles { get; init; }

    public RoleDefinition Role(string name) =>
        Roles.TryGetValue(name, out var role) ? role : throw new TrustException(TrustReason.MalformedRoot, $"root v{Version} defines no \"{name}\" role");
}
