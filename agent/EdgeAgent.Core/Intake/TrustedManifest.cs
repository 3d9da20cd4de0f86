using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>A manifest that passed signature, freshness and target checks, with the trust state it moves to once applied.</summary>
public sealed record TrustedManifest(Manifest Manifest, byte[] Payload, TrustState NextState, bool AlreadyAccepted);
