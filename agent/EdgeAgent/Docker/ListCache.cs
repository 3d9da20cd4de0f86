namespace EdgeAgent.Docker;

/// <summary>
/// One Docker list (networks, images) remembered between passes, so that a no-op pass does not ask
/// for it again. Trusted only while <see cref="Enabled"/> (the daemon's Docker event stream is
/// connected) and until <see cref="Invalidate"/> (an event or the agent's own change). A list
/// fetched while something invalidated it is not stored: the generation it was fetched at is stale.
/// </summary>
internal sealed class ListCache<T>
    where T : class
{
    private readonly Lock gate = new();
    private T? value;
    private long generation;
    private bool enabled;

    public bool Enabled
    {
        get
        {
            lock (gate)
            {
                return enabled;
            }
        }

        set
        {
            lock (gate)
            {
                enabled = value;
                this.value = null;
                generation++;
            }
        }
    }

    /// <summary>The remembered list when it can be trusted, and the generation to store a fetched one at.</summary>
    public (T? Value, long Generation) TryGet()
    {
        lock (gate)
        {
            return (enabled ? value : null, generation);
        }
    }

    /// <summary>Remembers <paramref name="fetched"/> unless something changed since <paramref name="fetchedAt"/>.</summary>
    public void Store(T fetched, long fetchedAt)
    {
        lock (gate)
        {
            if (enabled && generation == fetchedAt)
            {
                value = fetched;
            }
        }
    }

    public void Invalidate()
    {
        lock (gate)
        {
            value = null;
            generation++;
        }
    }
}
