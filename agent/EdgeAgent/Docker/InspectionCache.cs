using System.Collections.Concurrent;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Docker;

/// <summary>
/// Remembers container inspections so that a no-op pass does not inspect every container.
/// Only trusted while <see cref="Enabled"/>: the daemon enables it while its Docker event stream is
/// connected, and every event for a container invalidates that container's entry. An inspection
/// made while anything was invalidated is not stored (<see cref="Generation"/>): it may predate
/// the change.
/// </summary>
internal sealed class InspectionCache
{
    private readonly ConcurrentDictionary<string, (string? State, ObservedContainer Details)> entries = new(StringComparer.Ordinal);
    private volatile bool enabled;
    private long generation;

    /// <summary>Read before inspecting; pass it to <see cref="Store"/>.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public bool Enabled
    {
        get => enabled;
        set
        {
            enabled = value;
            Interlocked.Increment(ref generation);
            if (!value)
            {
                entries.Clear();
            }
        }
    }

    public ObservedContainer? TryGet(string id, string? state) =>
        enabled && entries.TryGetValue(id, out var entry) && entry.State == state ? entry.Details : null;

    public void Store(string id, string? state, ObservedContainer details, long inspectedAt)
    {
        if (enabled && Generation == inspectedAt)
        {
            entries[id] = (state, details);
        }
    }

    /// <summary>Invalidates by id, or by name for containers addressed by name.</summary>
    public void Invalidate(string idOrName)
    {
        Interlocked.Increment(ref generation);
        if (!entries.TryRemove(idOrName, out _))
        {
            foreach (var (id, entry) in entries)
            {
                if (entry.Details.Name == idOrName || id.StartsWith(idOrName, StringComparison.Ordinal))
                {
                    entries.TryRemove(id, out _);
                }
            }
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    public void Retain(IEnumerable<string> ids)
    {
        var keep = ids.ToHashSet(StringComparer.Ordinal);
        foreach (var id in entries.Keys.Where(id => !keep.Contains(id)))
        {
            entries.TryRemove(id, out _);
        }
    }
}
