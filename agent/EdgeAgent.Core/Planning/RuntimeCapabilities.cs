namespace EdgeAgent.Core.Planning;

/// <summary>
/// Which limits the host kernel enforces. Docker silently drops a limit the kernel lacks (blkio
/// weight without a weight-aware IO scheduler, swap without swap accounting); comparing such a
/// field would update the container on every pass.
/// </summary>
public sealed record RuntimeCapabilities(bool SwapLimit = true, bool BlkioWeight = true)
{
    public static RuntimeCapabilities All { get; } = new();
}
