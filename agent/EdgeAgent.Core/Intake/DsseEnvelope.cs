namespace EdgeAgent.Core.Intake;

/// <summary>A DSSE v1 envelope: signatures are over PAE(payloadType, payload), never over parsed JSON.</summary>
public sealed record DsseEnvelope
{
    public required string PayloadType { get; init; }

    /// <summary>Standard base64 of the payload bytes.</summary>
    public required string Payload { get; init; }
    public required IReadOnlyList<DsseSignature> Signatures { get; init; }
}
