namespace EdgeAgent.Docker.Engine;

/// <summary>The resource limits of a HostConfig, as inspected and as POST /containers/ID/update takes them (zero: unchanged).</summary>
internal class HostResources
{
    public long Memory { get; init; }
    public long MemorySwap { get; init; }
    public long NanoCpus { get; init; }
    public long CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public int BlkioWeight { get; init; }
    public long? PidsLimit { get; init; }
}
