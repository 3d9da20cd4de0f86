namespace EdgeAgent.Core.Manifests;

/// <summary>An app's log cap (Docker's json-file rotation): what it may keep on the device's disk.</summary>
public sealed record LogsSpec
{
    public const long MinSizeBytes = 64 << 10;
    public const long MaxSizeLimitBytes = 1L << 30;
    public const int MaxFilesLimit = 100;

    /// <summary>Size of one log file before it is rotated.</summary>
    public ByteSize? MaxSize { get; init; }

    /// <summary>How many files are kept, the current one included.</summary>
    public int? MaxFiles { get; init; }
}
