namespace EdgeAgent.Core.Planning;

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
        var parts = new List<string>();
        if (MemoryBytes is { } m) parts.Add($"memory={m}");
        if (MemorySwapBytes is { } s) parts.Add($"memorySwap={s}");
        if (NanoCpus is { } c) parts.Add($"cpus={c / 1e9:0.###}");
        if (CpuShares is { } sh) parts.Add($"cpuShares={sh}");
        if (CpusetCpus is { } set) parts.Add($"cpusetCpus={set}");
        if (BlkioWeight is { } w) parts.Add($"blkioWeight={w}");
        if (PidsLimit is { } p) parts.Add($"pidsLimit={p}");
        return parts.Count == 0 ? "unlimited" : string.Join(' ', parts);
    }
}
