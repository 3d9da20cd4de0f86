using System.Globalization;

namespace EdgeAgent.Core.Manifests;

/// <summary>An app's resource limits and security settings.</summary>
public static partial class ManifestValidator
{
    private static void ValidateLogs(LogsSpec? logs, string path, Action<string, string> error)
    {
        if (logs?.MaxSize is { } size && size.Bytes is < LogsSpec.MinSizeBytes or > LogsSpec.MaxSizeLimitBytes)
        {
            error(path + ".maxSize", "must be between 64Ki and 1Gi");
        }

        if (logs?.MaxFiles is < 1 or > LogsSpec.MaxFilesLimit)
        {
            error(path + ".maxFiles", $"must be between 1 and {LogsSpec.MaxFilesLimit}");
        }
    }

    private static void ValidateResources(ResourcesSpec resources, string path, Action<string, string> error)
    {
        if (resources.Memory is { Bytes: < MinimumMemoryBytes })
        {
            error(path + ".memory", "must be at least 6Mi");
        }

        if (resources.MemorySwap is { } swap)
        {
            if (resources.Memory is null)
            {
                error(path + ".memorySwap", "needs memory to be set too");
            }
            else if (swap.Bytes < resources.Memory.Value.Bytes)
            {
                error(path + ".memorySwap", "must be at least memory (it is memory plus swap)");
            }
        }

        if (resources.Cpus is { } cpus && (double.IsNaN(cpus) || cpus < 0.01 || cpus > 1024))
        {
            error(path + ".cpus", "must be between 0.01 and 1024");
        }

        if (resources.CpuShares is { } shares && (shares < 2 || shares > 262144))
        {
            error(path + ".cpuShares", "must be between 2 and 262144");
        }

        if (resources.CpusetCpus is not null && !IsCpuList(resources.CpusetCpus))
        {
            error(path + ".cpusetCpus", $"{TextRules.Quote(resources.CpusetCpus)} is not a CPU list such as \"0-1\" or \"0,2\" (CPUs 0 to {MaxCpu}, ranges ascending)");
        }

        if (resources.BlkioWeight is { } weight && (weight < 10 || weight > 1000))
        {
            error(path + ".blkioWeight", "must be between 10 and 1000");
        }

        if (resources.PidsLimit is { } pids && pids < 1)
        {
            error(path + ".pidsLimit", "must be 1 or greater");
        }
    }

    private static void ValidateSecurity(SecuritySpec security, string path, Action<string, string> error)
    {
        if (security.User is { Length: 0 })
        {
            error(path + ".user", "must not be empty");
        }
        else if (security.User is { } user && (TextRules.HasControl(user) || user.Length > 256))
        {
            error(path + ".user", "must be a user name or id (and group), without control characters");
        }

        foreach (var (field, mode) in new[] { ("networkMode", security.NetworkMode), ("pidMode", security.PidMode), ("ipcMode", security.IpcMode), ("utsMode", security.UtsMode) })
        {
            if (mode is not null && !NamespaceModes.IsWellFormed(mode))
            {
                error($"{path}.{field}", $"{TextRules.Quote(mode)} is not a namespace mode (\"host\", \"container:NAME\", or for networkMode a network name)");
            }
        }

        for (var i = 0; i < security.Devices.Count; i++)
        {
            ValidateAbsolutePath(security.Devices[i], $"{path}.devices[{i}]", error);
        }
    }

    /// <summary>Docker's cpuset syntax, with CPU numbers it accepts and ranges that ascend.</summary>
    private static bool IsCpuList(string value)
    {
        if (!CpusetPattern().IsMatch(value))
        {
            return false;
        }

        foreach (var part in value.Split(','))
        {
            var bounds = part.Split('-');
            var low = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var high = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
            if (low > high || high > MaxCpu)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The highest CPU number the Linux kernel configures (NR_CPUS is at most 8192).</summary>
    private const int MaxCpu = 8191;
}
