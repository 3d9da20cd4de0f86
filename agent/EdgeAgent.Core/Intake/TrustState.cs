using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Intake;

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

    public IReadOnlyDictionary<string, StreamState> Streams { get; init => field = value ?? new Dictionary<string, StreamState>(); } = new Dictionary<string, StreamState>();

    /// <summary>
    /// Base64 of every root envelope rotated to after the first trusted one, in order: the chain that
    /// lets the stored root be re-verified from the root shipped on the device.
    /// </summary>
    public IReadOnlyList<string> Rotations { get; init => field = value ?? []; } = [];

    /// <summary>The trusted root (verified when it was stored).</summary>
    [JsonIgnore]
    public RootDocument Root => root ??= RootValidator.Parse(RootChain.DecodePayloadUnverified(Convert.FromBase64String(RootEnvelope)));

    public static TrustState FromRoot(byte[] rootEnvelope) => new() { RootEnvelope = Convert.ToBase64String(rootEnvelope) };

    /// <summary>This state with <paramref name="chain"/> (consecutive, verified) rotated to: the last is the new root.</summary>
    public TrustState RotatedTo(IReadOnlyList<byte[]> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return this with { RootEnvelope = Convert.ToBase64String(chain[^1]), Rotations = [.. Rotations, .. chain.Select(Convert.ToBase64String)] };
    }
}
