using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>
/// The reconcile loop's log messages, shared by the types it delegates to. They are written under the
/// loop's category (EdgeAgent.Hosting.ReconcileLoop) as before the split: journal filters read it.
/// </summary>
internal static partial class LoopLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Starting from last-known-good {Streams}")]
    public static partial void LogLastKnownGood(this ILogger logger, string streams);

    [LoggerMessage(Level = LogLevel.Error, Message = "Last-known-good refused under the current configuration ({Reason}): {Errors}")]
    public static partial void LogLastKnownGoodRefused(this ILogger logger, string reason, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted {Stream} v{ManifestVersion} from {Source}")]
    public static partial void LogAccepted(this ILogger logger, string stream, long manifestVersion, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merge conflict: {Conflict}")]
    public static partial void LogConflict(this ILogger logger, string conflict);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected manifest {Stream} ({Reason}): {Errors}. Keeping {Current}")]
    public static partial void LogRejected(this ILogger logger, string stream, string reason, string errors, string current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trust root rotated to v{RootVersion}")]
    public static partial void LogRootRotated(this ILogger logger, long rootVersion);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected root from the trust topic ({Reason}): {Message}")]
    public static partial void LogRootRejected(this ILogger logger, string reason, string message);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Pass failed unexpectedly; retrying with backoff")]
    public static partial void LogPassCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pass failed before planning: {Error}")]
    public static partial void LogObserveFailed(this ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Stream}: following the group topic again, now {Current}")]
    public static partial void LogReleased(this ILogger logger, string stream, string current);

    /// <summary>What a soak needs to tell a leak from the GC's pacing (tests/benchmarks/footprint.sh).</summary>
    public static void LogMemory(this ILogger logger)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var info = GC.GetGCMemoryInfo();
            logger.LogManagedHeap(info.HeapSizeBytes >> 10, GC.CollectionCount(2), info.TotalCommittedBytes >> 10);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Managed heap {HeapKiB} KiB after the last collection ({FullCollections} full), {CommittedKiB} KiB committed")]
    private static partial void LogManagedHeap(this ILogger logger, long heapKiB, int fullCollections, long committedKiB);
}
