namespace EdgeAgent.Core.Desired;

/// <summary>
/// cgroup limits in Docker's units. Null means "not limited". These are applied in place with a
/// container update, so they are deliberately not part of the spec hash.
/// </summary>
public sealed record ResourceLimits
{
    public long? MemoryBytes { get; init; }
    public long? MemorySwapBytes { get; init; }
    public long? NanoCpus { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public int? BlkioWeight { get; init; }
    public long? PidsLimit { get; init; }

    public static ResourceLimits None { get; } = new();

    public override string ToString()
    {
        string?[] parts =
        [
            MemoryBytes is { } m ? $"memory={m}" : null,
            MemorySwapBytes is { } s ? $"memorySwap={s}" : null,
            NanoCpus is { } c ? $"cpus={c / 1e9:0.###}" : null,
            CpuShares is { } sh ? $"cpuShares={sh}" : null,
            CpusetCpus is { } set ? $"cpusetCpus={set}" : null,
            BlkioWeight is { } w ? $"blkioWeight={w}" : null,
            PidsLimit is { } p ? $"pidsLimit={p}" : null,
        ];
        var present = parts.OfType<string>().ToList();
        return present.Count == 0 ? "unlimited" : string.Join(' ', present);
    }
}
