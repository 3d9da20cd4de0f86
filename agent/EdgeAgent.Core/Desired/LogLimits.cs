using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Desired;

/// <summary>
/// How much log a container may keep: files of <see cref="MaxSizeBytes"/>, <see cref="MaxFiles"/> of
/// them. An app's own `logs` wins over the device's default (agent.json `logs`), which wins over
/// <see cref="Default"/>.
/// </summary>
public sealed record LogLimits(long MaxSizeBytes, int MaxFiles)
{
    /// <summary>What every managed container has had since the first release (10 MiB, 3 files).</summary>
    public static LogLimits Default { get; } = new(10 << 20, 3);

    public static LogLimits Resolve(LogsSpec? app, LogLimits deviceDefault)
    {
        ArgumentNullException.ThrowIfNull(deviceDefault);
        return new(app?.MaxSize?.Bytes ?? deviceDefault.MaxSizeBytes, app?.MaxFiles ?? deviceDefault.MaxFiles);
    }
}
