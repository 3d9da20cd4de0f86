namespace EdgeAgent.Core.Intake;

/// <summary>For one stream (a manifest source): the accepted version, its payload hash and the payload itself.</summary>
public sealed record StreamState
{
    public required long Version { get; init; }
    public required string PayloadSha256 { get; init; }

    /// <summary>Base64 of the accepted manifest JSON: the last-known-good for this stream.</summary>
    public required string Payload { get; init; }
}
