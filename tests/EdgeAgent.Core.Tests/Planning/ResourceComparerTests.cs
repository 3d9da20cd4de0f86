using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Tests.Planning;

public sealed class ResourceComparerTests
{
    public static TheoryData<string, ResourceLimits, ResourceLimits, ResourceChange> Cases() => new()
    {
        { "equal", new ResourceLimits { MemoryBytes = 64 }, new ResourceLimits { MemoryBytes = 64 }, ResourceChange.None },
        { "unset both (docker reports 0)", ResourceLimits.None, new ResourceLimits { MemoryBytes = 0, NanoCpus = 0, PidsLimit = 0 }, ResourceChange.None },
        { "pids -1 is unlimited", ResourceLimits.None, new ResourceLimits { PidsLimit = -1 }, ResourceChange.None },
        { "memory raised", new ResourceLimits { MemoryBytes = 128 }, new ResourceLimits { MemoryBytes = 64 }, ResourceChange.InPlace },
        { "cpus added", new ResourceLimits { NanoCpus = 500_000_000 }, ResourceLimits.None, ResourceChange.InPlace },
        { "cpuset changed", new ResourceLimits { CpusetCpus = "0" }, new ResourceLimits { CpusetCpus = "0-1" }, ResourceChange.InPlace },
        { "cpuset removed", ResourceLimits.None, new ResourceLimits { CpusetCpus = "0-1" }, ResourceChange.Recreate },
        { "pids removed", ResourceLimits.None, new ResourceLimits { PidsLimit = 10 }, ResourceChange.Recreate },
        { "swap differs", new ResourceLimits { MemoryBytes = 64, MemorySwapBytes = 64 }, new ResourceLimits { MemoryBytes = 64, MemorySwapBytes = 128 }, ResourceChange.InPlace },
        { "swap not desired: docker's default ignored", new ResourceLimits { MemoryBytes = 64 }, new ResourceLimits { MemoryBytes = 64, MemorySwapBytes = 128 }, ResourceChange.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies(string name, ResourceLimits desired, ResourceLimits observed, ResourceChange expected)
    {
        Assert.True(name.Length > 0);
        Assert.Equal(expected, ResourceComparer.Compare(desired, observed, RuntimeCapabilities.All));
    }

    [Fact]
    public void Unsupported_limits_are_ignored()
    {
        var noBlkioNoSwap = new RuntimeCapabilities(SwapLimit: false, BlkioWeight: false);
        Assert.Equal(ResourceChange.None, ResourceComparer.Compare(new ResourceLimits { BlkioWeight = 500, MemorySwapBytes = 1 }, ResourceLimits.None, noBlkioNoSwap));
    }
}
