using System.Globalization;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Docker;

/// <summary>
/// A pull's progress from Docker's per-layer messages: bytes downloaded of the layers' sizes, layers
/// done, and when anything last moved (a pull that stops moving is stalled).
/// </summary>
internal sealed class PullProgress(TimeProvider time)
{
    private readonly Dictionary<string, (long Current, long Total)> layers = new(StringComparer.Ordinal);
    private readonly HashSet<string> done = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public DateTimeOffset LastMoved { get; private set; } = time.GetUtcNow();

    /// <summary>The registry's error, when Docker reported one in the stream.</summary>
    public string? Error { get; private set; }

    public void Report(ProgressMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (gate)
        {
            LastMoved = time.GetUtcNow();
            if (message.Error is { } error)
            {
                Error = error;
                return;
            }

            if (message.Id is not { Length: > 0 } layer)
            {
                return;
            }

            if (message.Status is "Pull complete" or "Already exists")
            {
                done.Add(layer);
            }
            else if (message.ProgressDetail is { Total: > 0 } progress && message.Status == "Downloading")
            {
                layers[layer] = (progress.Current, progress.Total);
            }
        }
    }

    /// <summary>"12.3 of 45.6 MiB, 2 of 5 layers done" (layer count as far as Docker has announced them).</summary>
    public string Summary()
    {
        lock (gate)
        {
            var current = layers.Values.Sum(l => l.Current);
            var total = layers.Values.Sum(l => l.Total);
            var known = layers.Keys.Union(done).Count();
            return string.Create(CultureInfo.InvariantCulture, $"{current / 1048576.0:0.0} of {total / 1048576.0:0.0} MiB, {done.Count} of {known} layer(s) done");
        }
    }
}
