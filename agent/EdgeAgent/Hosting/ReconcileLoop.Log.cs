using Microsoft.Extensions.Logging;

namespace EdgeAgent.Hosting;

/// <summary>The reconcile loop's log messages.</summary>
internal sealed partial class ReconcileLoop
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Starting from last-known-good {Streams}")]
    private partial void LogLastKnownGood(string streams);

    [LoggerMessage(Level = LogLevel.Error, Message = "Last-known-good refused under the current configuration ({Reason}): {Errors}")]
    private partial void LogLastKnownGoodRefused(string reason, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted {Stream} v{ManifestVersion} from {Source}")]
    private partial void LogAccepted(string stream, long manifestVersion, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merge conflict: {Conflict}")]
    private partial void LogConflict(string conflict);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected manifest {Stream} ({Reason}): {Errors}. Keeping {Current}")]
    private partial void LogRejected(string stream, string reason, string errors, string current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trust root rotated to v{RootVersion}")]
    private partial void LogRootRotated(long rootVersion);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected root from the trust topic ({Reason}): {Message}")]
    private partial void LogRootRejected(string reason, string message);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Pass failed unexpectedly; retrying with backoff")]
    private partial void LogPassCrashed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pass failed before planning: {Error}")]
    private partial void LogObserveFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Stream}: following the group topic again, now {Current}")]
    private partial void LogReleased(string stream, string current);

    /// <summary>What a soak needs to tell a leak from the GC's pacing (tests/benchmarks/footprint.sh).</summary>
    private void LogMemory()
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var info = GC.GetGCMemoryInfo();
            LogManagedHeap(info.HeapSizeBytes >> 10, GC.CollectionCount(2), info.TotalCommittedBytes >> 10);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Managed heap {HeapKiB} KiB after the last collection ({FullCollections} full), {CommittedKiB} KiB committed")]
    private partial void LogManagedHeap(long heapKiB, int fullCollections, long committedKiB);
}
