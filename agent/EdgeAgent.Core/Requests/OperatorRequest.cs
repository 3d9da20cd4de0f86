namespace EdgeAgent.Core.Requests;

/// <summary>
/// A request from an operator to one device (README "Logs on request"), signed by the trust root's
/// requests role, fresh (issued minutes ago at most, expiring within <see cref="RequestVerifier.MaxLifetime"/>)
/// and answered once: its id is remembered until it expires.
/// </summary>
public sealed record OperatorRequest
{
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public required string Id { get; init; }
    public required string Device { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required RequestAction Action { get; init; }
    public LogsQuery? Logs { get; init; }
}
