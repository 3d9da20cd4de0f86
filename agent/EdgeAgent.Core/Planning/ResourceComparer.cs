using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>Compares desired limits with what Docker reports, in the units Docker reports them.</summary>
public static class ResourceComparer
{
    public static ResourceChange Compare(ResourceLimits desired, ResourceLimits observed, RuntimeCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(capabilities);

        var change = ResourceChange.None;
        void Field<T>(T? want, T? have, bool supported)
            where T : struct
        {
            change = Max(change, Classify(want, IsUnset(have) ? null : have, supported));
        }

        Field(desired.MemoryBytes, observed.MemoryBytes, true);
        Field(desired.NanoCpus, observed.NanoCpus, true);
        Field(desired.CpuShares, observed.CpuShares, true);
        Field(desired.BlkioWeight, observed.BlkioWeight, capabilities.BlkioWeight);
        Field(desired.PidsLimit, observed.PidsLimit, true);

        // Docker picks a swap limit itself (twice the memory) when none is given: only a desired one is compared.
        if (desired.MemorySwapBytes is not null && capabilities.SwapLimit && desired.MemorySwapBytes != observed.MemorySwapBytes)
        {
            change = Max(change, ResourceChange.InPlace);
        }

        var wantSet = string.IsNullOrEmpty(desired.CpusetCpus) ? null : desired.CpusetCpus;
        var haveSet = string.IsNullOrEmpty(observed.CpusetCpus) ? null : observed.CpusetCpus;
        if (wantSet != haveSet)
        {
            change = Max(change, wantSet is null ? ResourceChange.Recreate : ResourceChange.InPlace);
        }

        return change;
    }

    private static ResourceChange Classify<T>(T? want, T? have, bool supported)
        where T : struct
    {
        if (!supported || EqualityComparer<T?>.Default.Equals(want, have))
        {
            return ResourceChange.None;
        }

        return want is null ? ResourceChange.Recreate : ResourceChange.InPlace;
    }

    /// <summary>Docker reports an unset limit as 0 (or -1 for pids), never as absent.</summary>
    private static bool IsUnset<T>(T? value)
        where T : struct => value is null || Convert.ToInt64(value.Value, System.Globalization.CultureInfo.InvariantCulture) <= 0;

    private static ResourceChange Max(ResourceChange a, ResourceChange b) => a > b ? a : b;
}
