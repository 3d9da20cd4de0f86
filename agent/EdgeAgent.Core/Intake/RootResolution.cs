namespace EdgeAgent.Core.Intake;

/// <summary>
/// A trusted root brought up to the newest of some candidate roots (the trustRoot file's, or a published chain)
/// that chains from it: the one rotation rule of the agent's start, its trusted-root and bundle checks and the
/// trust topic. Candidates at or below the trusted version are ignored; the rest must rotate as one consecutive
/// chain (<see cref="RootChain.Rotate"/>), else the trusted root stands and <see cref="Refused"/> says why.
/// </summary>
public sealed record RootResolution
{
    /// <summary>The newest root that chains from the trusted one (the trusted one itself when none does).</summary>
    public required RootDocument Root { get; init; }

    /// <summary>The candidates newer than the trusted root, lowest version first (empty when none is newer).</summary>
    public required IReadOnlyList<byte[]> Newer { get; init; }

    /// <summary>Why <see cref="Newer"/> does not chain from the trusted root; null when it does or is empty.</summary>
    public TrustException? Refused { get; init; }

    /// <summary>True when <see cref="Newer"/> was rotated to: <see cref="Root"/> is its last root.</summary>
    public bool Rotated => Newer.Count > 0 && Refused is null;

    public static RootResolution Resolve(RootDocument trusted, IEnumerable<byte[]> candidates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        ArgumentNullException.ThrowIfNull(candidates);
        List<byte[]> newer = [.. candidates.Where(c => ClaimedVersion(c) > trusted.Version).OrderBy(ClaimedVersion)];
        if (newer.Count == 0)
        {
            return new RootResolution { Root = trusted, Newer = newer };
        }

        try
        {
            return new RootResolution { Root = RootChain.Rotate(trusted, newer, now).Root, Newer = newer };
        }
        catch (TrustException ex)
        {
            return new RootResolution { Root = trusted, Newer = newer, Refused = ex };
        }
    }

    /// <summary>The version a root envelope claims, unverified (only to order and filter candidates).</summary>
    public static long ClaimedVersion(byte[] envelope)
    {
        try
        {
            return RootValidator.Parse(RootChain.DecodePayloadUnverified(envelope)).Version;
        }
        catch (TrustException)
        {
            return long.MaxValue; // malformed: let Rotate refuse it with its reason
        }
    }
}
