namespace EdgeAgent.Core.Manifests;

/// <summary>cgroup limits. Sizes are bytes or a Ki/Mi/Gi suffixed number, e.g. "256Mi".</summary>
public sealed record ResourcesSpec
{
    public ByteSize? Memory { get; init; }
    public ByteSize? MemorySwap { get; init; }
    public double? Cpus { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public int? BlkioWeight { get; init; }
    public long? PidsLimit { get; init; }
}
