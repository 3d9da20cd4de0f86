using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Trust;

/// <summary>
/// Everything trust depends on, persisted as one document so that one atomic write moves it
/// forward: the trusted root, the clock floor, and per stream the version floor and last-known-good.
/// </summary>
public sealed record TrustState
{
    private readonly string rootEnvelope = "";
    private RootDocument? root;

    /// <summary>Base64 of the trusted root's DSSE envelope, as it was verified.</summary>
    public required string RootEnvelope
    {
        get => rootEnvelope;
        init
        {
            rootEnvelope = value;
            root = null; // `with { RootEnvelope = ... }` must not keep the old parsed root
        }
    }

    /// <summary>The newest issuedAt of any accepted manifest: time never goes back before it.</summary>
    public DateTimeOffset? ClockFloor { get; init; }

    public IReadOnlyDictionary<string, StreamState> Streams { get; init; } = new Dictionary<string, StreamState>();

    /// <summary>The trusted root (verified when it was stored).</summary>
    [JsonIgnore]
    public RootDocument Root => root ??= RootValidator.Parse(RootChain.DecodePayloadUnverified(Convert.FromBase64String(RootEnvelope)));

    public static TrustState FromRoot(byte[] rootEnvelope) => new() { RootEnvelope = Convert.ToBase64String(rootEnvelope) };
}
