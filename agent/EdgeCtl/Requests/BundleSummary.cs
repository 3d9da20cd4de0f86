namespace EdgeCtl.Requests;

/// <summary>bundle.json, first in a support bundle: whose it is, when it was asked for, and whether it is whole.</summary>
internal sealed record BundleSummary
{
    public required string Device { get; init; }
    public required string RequestId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>False when the device cut its answer at the size limit (see <see cref="Note"/>).</summary>
    public required bool Complete { get; init; }

    public string? Note { get; init; }

    /// <summary>Chunks whose file name was not a safe relative path, dropped.</summary>
    public int IgnoredChunks { get; init; }

    public required IReadOnlyList<BundleFile> Files { get; init; }
}
