namespace EdgeAgent.Core.Requests;

/// <summary>
/// One piece of a device's answer to a request, on edge/v1/devices/{id}/responses/{requestId}:
/// numbered from 0, each at most <see cref="MaxBytes"/>, the last one <see cref="Final"/>. A refused
/// request gets one final chunk with the reason.
/// </summary>
public sealed record ResponseChunk
{
    /// <summary>Well under the broker's packet limit, so one chunk is one message.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>What one answer may carry in all: a request cannot make a device flood the broker.</summary>
    public const int MaxTotalBytes = 4 * 1024 * 1024;

    public required string RequestId { get; init; }
    public required int Seq { get; init; }

    /// <summary>"agent", or "app NAME".</summary>
    public string? Source { get; init; }

    public IReadOnlyList<string> Lines { get; init => field = value ?? []; } = [];
    public bool Final { get; init; }

    /// <summary>The refusal's code (e.g. request-replayed), or a failure while answering.</summary>
    public string? Error { get; init; }

    public string? Message { get; init; }
}
