using EdgeAgent.Core.Planning;
using EdgeAgent.Docker.Engine;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Docker;

/// <summary>
/// Which limits this Docker host enforces (swap, block IO weight), read once from the daemon and the
/// kernel, and corrected by what Docker warns about when it discards a limit: knowing it stops the
/// planner from re-applying that limit on every pass.
/// </summary>
internal sealed partial class DockerCapabilities(ILogger logger)
{
    public RuntimeCapabilities? Known { get; private set; }

    public async Task ReadAsync(DockerEngine docker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(docker);
        var info = await docker.InfoAsync(cancellationToken).ConfigureAwait(false);

        // The API has no field for blkio weight support: ask the kernel, then the daemon's warnings.
        var warnings = info.Warnings ?? [];
        var blkio = CgroupProbe.BlkioWeightSupported()
            ?? !warnings.Any(w => w.Contains("blkio weight", StringComparison.OrdinalIgnoreCase) && !w.Contains("device", StringComparison.OrdinalIgnoreCase));
        Known = new RuntimeCapabilities(SwapLimit: info.SwapLimit, BlkioWeight: blkio);
        LogCapabilities(Known.SwapLimit, Known.BlkioWeight);
    }

    /// <summary>Docker discards a limit the kernel cannot enforce and says so only in a warning.</summary>
    public void NoteWarnings(string target, IEnumerable<string>? warnings)
    {
        foreach (var warning in warnings ?? [])
        {
            var known = Known ?? RuntimeCapabilities.All;
            if (warning.Contains("Block I/O weight", StringComparison.OrdinalIgnoreCase) && known.BlkioWeight)
            {
                Known = known with { BlkioWeight = false };
                LogUnsupported("blkioWeight", warning);
            }
            else if (warning.Contains("swap", StringComparison.OrdinalIgnoreCase) && warning.Contains("limit", StringComparison.OrdinalIgnoreCase) && known.SwapLimit)
            {
                Known = known with { SwapLimit = false };
                LogUnsupported("memorySwap", warning);
            }
            else if (!warning.Contains("Block I/O weight", StringComparison.OrdinalIgnoreCase))
            {
                LogCreateWarning(target, warning);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker warning for {Target}: {Warning}")]
    private partial void LogCreateWarning(string target, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This host does not enforce {Limit}; it is applied where supported and otherwise ignored: {Warning}")]
    private partial void LogUnsupported(string limit, string warning);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Docker host capabilities: swap limit {SwapLimit}, blkio weight {BlkioWeight}")]
    private partial void LogCapabilities(bool swapLimit, bool blkioWeight);
}
