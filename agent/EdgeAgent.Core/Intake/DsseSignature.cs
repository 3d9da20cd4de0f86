namespace EdgeAgent.Core.Intake;

/// <summary>One signature: <see cref="Sig"/> is base64 of a DER-encoded ECDSA P-256 signature.</summary>
public sealed record DsseSignature
{
    public required string Keyid { get; init; }
    public required string Sig { get; init; }
}
